-- name: adressen
-- purpose: the NCG addresses of a selection with everything lists, drill-downs and the map show
-- grain: one row per NCG address in the selection, most advanced NCG phase first
-- params: peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[], alle_categorieen, categorieen[], alle_groepen, groepen[], alle_cellen, cellen[], alleen_bijzonder, alleen_urgent, alleen_aos, alleen_toestemming, alleen_prioriteerbaar, pc4_van, pc4_tot, alle_duur, fase_sinds_voor
select
    ncg_id, straat, huisnummer, huisletter, toevoeging, postcode, woonplaats, gemeente,
    ncg_fase, ncg_fase_nr, fase_sinds, programma, categorie, img_fase, img_lopend, groep,
    aantal_meldingen, aantal_lopend, urgent, aos, bijzondere_situatie, toestemming, img_toestemming,
    buren_met_melding, lat, lon
from adres
where peildatum = :peildatum
  -- include: selectie
order by ncg_fase_nr desc, gemeente, postcode, huisnummer, ncg_id
