-- name: ncg_fasen
-- purpose: the NCG phase distribution of the selection, split by figure-1 category
-- grain: one row per (NCG phase, category) present
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[]
with selectie as (
    select ncg_fase, ncg_fase_nr, categorie
    from adres
    where peildatum = :peildatum
      and (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
)

select ncg_fase, ncg_fase_nr, categorie, count(*) as aantal
from selectie
group by ncg_fase, ncg_fase_nr, categorie
order by ncg_fase_nr, categorie
