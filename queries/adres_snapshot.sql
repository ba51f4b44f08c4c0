-- name: adres_snapshot
-- purpose: the address table of one snapshot, read once into the in-memory frame that address-level pages,
--   reports and exports filter and count in polars (dashboard.adresframe); only the columns they use
-- grain: one row per NCG address in the snapshot, unordered
-- params: peildatum
-- kolommen: ncg_id text, straat text, huisnummer int, huisletter text, toevoeging text, postcode text,
--   woonplaats text, gemeente text, lat float, lon float, ncg_fase text, ncg_fase_nr int, fase_sinds date,
--   programma text, categorie text, img_fase text, groep text, aantal_lopend int, urgent bool, aos bool,
--   bijzondere_situatie bool, toestemming bool, img_toestemming bool, img_lopend text, buren_met_melding int,
--   h3_6 text, h3_7 text, h3_8 text, h3_9 text, sleutel int
select
    ncg_id, straat, huisnummer, huisletter, toevoeging, postcode, woonplaats, gemeente, lat, lon,
    ncg_fase, ncg_fase_nr, fase_sinds, programma, categorie, img_fase, groep, aantal_lopend,
    urgent, aos, bijzondere_situatie, toestemming, img_toestemming, img_lopend, buren_met_melding,
    h3_6, h3_7, h3_8, h3_9, sleutel
from adres
where peildatum = :peildatum
