-- name: adressen_per_categorie
-- purpose: figure 1, NCG addresses per samenwerkingspotentieel category (the app counts this in polars over the address frame, see dashboard.adresframe; kept as the SQL reference of bench_naive)
-- grain: one row per category present in the selection
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[]
with selectie as (
    select categorie
    from adres
    where peildatum = :peildatum
      and (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
)

select categorie, count(*) as aantal
from selectie
group by categorie
order by categorie
