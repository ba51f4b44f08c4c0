-- name: afwijzingen_per_reden
-- purpose: the rejected values of one load, counted per file, column and reason, with the first line as an example
-- grain: one row per (bestand, kolom, reden) of the load
-- params: load_id
-- kolommen: bestand text, kolom text, reden text, aantal int, regels int, eerste_regel int
select
    bestand, kolom, reden,
    count(*) as aantal,
    count(distinct regel) as regels,
    min(regel) as eerste_regel
from laadlog_afwijzing
where load_id = :load_id
group by bestand, kolom, reden
order by bestand, count(*) desc, kolom, reden
