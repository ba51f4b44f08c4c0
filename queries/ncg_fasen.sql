-- name: ncg_fasen
-- purpose: the NCG phase distribution of the selection, split by figure-1 category (the app counts this in polars over the address frame, see dashboard.adresframe; kept as the SQL reference of bench_naive)
-- grain: one row per (NCG phase, category) present
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[]
-- Counted in two steps: first in the order of ix_adres_telling, so the database counts while it reads
-- the index instead of sorting every address; then the few partial counts are added up.
with per_indexvolgorde as (
    select ncg_fase, ncg_fase_nr, categorie, count(*) as aantal
    from adres
    where peildatum = :peildatum
      and (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
    group by categorie, gemeente, programma, groep, ncg_fase_nr, ncg_fase
)

select ncg_fase, ncg_fase_nr, categorie, cast(sum(aantal) as bigint) as aantal
from per_indexvolgorde
group by ncg_fase, ncg_fase_nr, categorie
order by ncg_fase_nr, categorie
