-- name: dossier_samenwerking
-- purpose: the joint actions of NCG and IMG at one address
-- grain: one row per action, oldest first
-- params: peildatum, ncg_id
-- kolommen: actie_id text, soort text, pilot text, status text, datum date
select actie_id, soort, pilot, status, datum
from samenwerking_actie
where peildatum = :peildatum
  and ncg_id = :ncg_id
order by datum, actie_id
