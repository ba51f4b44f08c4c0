-- name: dossier_meldingen
-- purpose: the IMG side of one address's combined dossier: every claim linked to it, of every kind
-- grain: one row per claim, oldest first
-- params: peildatum, ncg_id
-- kolommen: img_id text, schadesoort text, fase text, datum_melding date, datum_afgehandeld date, urgent bool,
--   toestemming bool, koppeling text
select img_id, schadesoort, fase, datum_melding, datum_afgehandeld, urgent, toestemming, koppeling
from img_schademelding
where peildatum = :peildatum
  and ncg_id = :ncg_id
order by datum_melding, img_id
