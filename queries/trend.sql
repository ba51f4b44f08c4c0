-- name: trend
-- purpose: figure 1 and groups A-F in every stored snapshot, for the trend over time
-- grain: one row per peildatum, categorie and groep present in the selection (groep is null unless beide_lopend)
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[]
with selectie as (
    select peildatum, categorie, groep
    from adres
    where (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
)

select peildatum, categorie, groep, count(*) as aantal
from selectie
group by peildatum, categorie, groep
order by peildatum, categorie, groep
