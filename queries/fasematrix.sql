-- name: fasematrix
-- purpose: figure 2, the beide_lopend addresses per NCG phase and least advanced running IMG phase (the app counts this in polars over the address frame, see dashboard.adresframe; kept as the SQL reference of bench_naive)
-- grain: one row per non-empty (ncg_fase, img_fase) cell, with its group A-F
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[], alleen_bijzonder, alleen_urgent, alleen_aos, alleen_toestemming
with selectie as (
    select ncg_fase, ncg_fase_nr, img_fase, groep
    from adres
    where peildatum = :peildatum
      and categorie = 'beide_lopend'
      and (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
      and (:alleen_bijzonder = 0 or bijzondere_situatie)
      and (:alleen_urgent = 0 or urgent)
      and (:alleen_aos = 0 or aos)
      and (:alleen_toestemming = 0 or toestemming or img_toestemming)
)

select ncg_fase, img_fase, groep, count(*) as aantal
from selectie
group by ncg_fase, ncg_fase_nr, img_fase, groep
order by ncg_fase_nr, img_fase
