-- name: fasematrix
-- purpose: figure 2, the beide_lopend addresses per NCG phase and least advanced running IMG phase
-- grain: one row per non-empty (ncg_fase, img_fase) cell, with its group A-F
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[]
with selectie as (
    select ncg_fase, ncg_fase_nr, img_fase, groep
    from adres
    where peildatum = :peildatum
      and categorie = 'beide_lopend'
      and (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
)

select ncg_fase, img_fase, groep, count(*) as aantal
from selectie
group by ncg_fase, ncg_fase_nr, img_fase, groep
order by ncg_fase_nr, img_fase
