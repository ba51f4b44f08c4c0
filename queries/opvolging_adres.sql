-- name: opvolging_adres
-- purpose: find the NCG address a manual signal is raised for, by NCG-id or by postcode and house number, on a snapshot
-- grain: one row per matching address on the NCG list at the peildatum
-- params: peildatum, ncg_id, zoek_postcode, zoek_huisnummer
-- kolommen: ncg_id text, straat text, huisnummer int, huisletter text, toevoeging text, postcode text,
--   woonplaats text, gemeente text
select ncg_id, straat, huisnummer, huisletter, toevoeging, postcode, woonplaats, gemeente
from adres
where peildatum = :peildatum
  and (ncg_id = :ncg_id or (postcode = :zoek_postcode and huisnummer = :zoek_huisnummer))
order by huisletter, toevoeging, ncg_id
