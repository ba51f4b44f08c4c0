-- name: kaart_per_gemeente
-- purpose: beside the map, per municipality the selection's addresses by figure-1 category and by group A-F; the same selection as adressen.sql
-- grain: one row per gemeente with at least one address in the selection, alphabetical
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[], alle_categorieen, categorieen[], alle_groepen, groepen[], alle_cellen, cellen[], alleen_bijzonder, alleen_urgent, alleen_aos, alleen_toestemming, alleen_prioriteerbaar, pc4_van, pc4_tot, alle_duur, fase_sinds_voor
with selectie as (
    select gemeente, categorie, groep, lat, lon
    from adres
    where peildatum = :peildatum
      -- include: selectie
)

select
    gemeente,
    count(*) as aantal,
    sum(case when categorie = 'geen_schademelding' then 1 else 0 end) as geen_schademelding,
    sum(case when categorie = 'gesloten' then 1 else 0 end) as gesloten,
    sum(case when categorie = 'beide_lopend' then 1 else 0 end) as beide_lopend,
    sum(case when groep = 'A' then 1 else 0 end) as groep_a,
    sum(case when groep = 'B' then 1 else 0 end) as groep_b,
    sum(case when groep = 'C' then 1 else 0 end) as groep_c,
    sum(case when groep = 'D' then 1 else 0 end) as groep_d,
    sum(case when groep = 'E' then 1 else 0 end) as groep_e,
    sum(case when groep = 'F' then 1 else 0 end) as groep_f,
    sum(case when lat is not null and lon is not null then 1 else 0 end) as op_kaart
from selectie
group by gemeente
order by gemeente
