-- name: afwijzingen
-- purpose: every rejected value of one load, for download: file, line, column, value and reason
-- grain: one row per rejected value (a row that breaks several rules appears once per rule)
-- params: load_id
-- kolommen: bestand text, regel int, kolom text, waarde text, reden text
select bestand, regel, kolom, waarde, reden
from laadlog_afwijzing
where load_id = :load_id
order by bestand, regel, kolom
