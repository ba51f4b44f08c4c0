-- name: kaart_punten
-- purpose: the map's point layer and, from the same rows, the counts per municipality beside it: only the columns a point carries (position, tooltip, colour, the id a click opens); the same selection as adressen.sql
-- grain: one row per NCG address in the selection, with or without coordinates (only those with both lat and lon become points); unordered (the map sorts its points into drawing order)
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[], alle_categorieen, categorieen[], alle_groepen, groepen[], alle_cellen, cellen[], alleen_bijzonder, alleen_urgent, alleen_aos, alleen_toestemming, alleen_prioriteerbaar, pc4_van, pc4_tot, alle_duur, fase_sinds_voor
select
    ncg_id, straat, huisnummer, huisletter, toevoeging, postcode, woonplaats, gemeente,
    ncg_fase, ncg_fase_nr, categorie, img_lopend, groep, lat, lon
from adres
where peildatum = :peildatum
  -- include: selectie
