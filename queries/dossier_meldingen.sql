-- name: dossier_meldingen
-- purpose: the IMG side of one address's combined dossier: every claim linked to it, of every kind
-- grain: one row per claim, oldest first
-- params: peildatum, ncg_id
select img_id, schadesoort, fase, datum_melding, datum_afgehandeld, urgent, toestemming, koppeling
from img_schademelding
where peildatum = :peildatum
  and ncg_id = :ncg_id
order by datum_melding, img_id
