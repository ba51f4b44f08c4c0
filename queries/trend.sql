-- name: trend
-- purpose: figure 1 and groups A-F in every stored snapshot, for the trend over time
-- grain: one row per peildatum, categorie and groep present in the selection (groep is null unless beide_lopend)
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[]
-- Counted in two steps: first in the order of ix_adres_telling, so the database counts while it reads
-- the index instead of sorting every address of every snapshot; then the partial counts are added up.
with per_indexvolgorde as (
    select peildatum, categorie, groep, count(*) as aantal
    from adres
    where (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
    group by peildatum, categorie, gemeente, programma, groep
)

select peildatum, categorie, groep, cast(sum(aantal) as bigint) as aantal
from per_indexvolgorde
group by peildatum, categorie, groep
order by peildatum, categorie, groep
