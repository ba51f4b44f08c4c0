-- name: kaart_per_gemeente
-- purpose: beside the map, per municipality the selection's addresses by figure-1 category and by group A-F; the same selection as adressen.sql
-- grain: one row per gemeente with at least one address in the selection, alphabetical
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[], alle_categorieen, categorieen[], alle_groepen, groepen[], alle_cellen, cellen[], alleen_bijzonder, alleen_urgent, alleen_aos, alleen_toestemming, alleen_prioriteerbaar, pc4_van, pc4_tot, alle_duur, fase_sinds_voor
with selectie as (
    select gemeente, categorie, groep, lat, lon
    from adres
    where peildatum = :peildatum
      and (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
      and (:alle_categorieen = 1 or categorie in :categorieen)
      and (:alle_groepen = 1 or groep in :groepen)
      and (:alle_cellen = 1 or ncg_fase || '|' || img_fase in :cellen)
      and (:alleen_bijzonder = 0 or bijzondere_situatie)
      and (:alleen_urgent = 0 or urgent)
      and (:alleen_aos = 0 or aos)
      and (:alleen_toestemming = 0 or toestemming or img_toestemming)
      and (:alleen_prioriteerbaar = 0 or img_fase in ('melding', 'opname'))
      and substr(postcode, 1, 4) between :pc4_van and :pc4_tot
      and (:alle_duur = 1 or fase_sinds <= :fase_sinds_voor)
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
