-- name: filter_opties
-- purpose: the values the global filters offer for one snapshot (gemeente, programma)
-- grain: one row per (gemeente, programma) present, with its number of addresses
-- params: peildatum
-- kolommen: gemeente text, programma text, aantal int
select gemeente, programma, count(*) as aantal
from adres
where peildatum = :peildatum
group by gemeente, programma
order by gemeente, programma
