-- name: dossier_adres
-- purpose: the NCG side of one address's combined dossier: the NCG record with its classification
-- grain: one row (or none) for the address in the snapshot
-- params: peildatum, ncg_id
-- kolommen: ncg_id text, bag_id text, straat text, huisnummer int, huisletter text, toevoeging text,
--   postcode text, woonplaats text, gemeente text, ncg_fase text, fase_sinds date, programma text,
--   risicoprofiel text, bijzondere_situatie bool, toestemming bool, categorie text, img_fase text, groep text,
--   aantal_meldingen int, aantal_lopend int, urgent bool, aos bool, img_toestemming bool, buren_met_melding int,
--   lat float, lon float
select
    a.ncg_id, n.bag_id, a.straat, a.huisnummer, a.huisletter, a.toevoeging, a.postcode, a.woonplaats,
    a.gemeente, a.ncg_fase, a.fase_sinds, a.programma, a.risicoprofiel, a.bijzondere_situatie,
    a.toestemming, a.categorie, a.img_fase, a.groep, a.aantal_meldingen, a.aantal_lopend, a.urgent,
    a.aos, a.img_toestemming, a.buren_met_melding, a.lat, a.lon
from adres a
join ncg_adres n on n.peildatum = a.peildatum and n.ncg_id = a.ncg_id
where a.peildatum = :peildatum
  and a.ncg_id = :ncg_id
