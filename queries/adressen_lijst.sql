-- name: adressen_lijst
-- purpose: the address lists (Fasematrix, Kandidaten): the NCG addresses of a selection with only the columns a list shows, counts or sorts on; the same selection as adressen.sql
-- grain: one row per NCG address in the selection, unordered (adressen.lijstrijen puts them in adressen.sql's order: sorting in polars is cheaper than in either database)
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[], alle_categorieen, categorieen[], alle_groepen, groepen[], alle_cellen, cellen[], alleen_bijzonder, alleen_urgent, alleen_aos, alleen_toestemming, alleen_prioriteerbaar, pc4_van, pc4_tot, alle_duur, fase_sinds_voor
select
    ncg_id, straat, huisnummer, huisletter, toevoeging, postcode, woonplaats, gemeente,
    ncg_fase, ncg_fase_nr, fase_sinds, programma, img_lopend, groep,
    urgent, aos, bijzondere_situatie, toestemming, img_toestemming, buren_met_melding
from adres
where peildatum = :peildatum
  -- include: selectie
