-- name: dossier_samenwerking
-- purpose: the joint actions of NCG and IMG at one address
-- grain: one row per action, oldest first
-- params: peildatum, ncg_id
select actie_id, soort, pilot, status, datum
from samenwerking_actie
where peildatum = :peildatum
  and ncg_id = :ncg_id
order by datum, actie_id
