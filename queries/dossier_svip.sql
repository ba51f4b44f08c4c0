-- name: dossier_svip
-- purpose: the SVIP information requests about one address
-- grain: one row per request, oldest first
-- params: peildatum, ncg_id
-- kolommen: verzoek_id text, datum_ontvangen date, datum_afgerond date, aanvrager text, soort text, uitkomst text
select verzoek_id, datum_ontvangen, datum_afgerond, aanvrager, soort, uitkomst
from svip_verzoek
where peildatum = :peildatum
  and ncg_id = :ncg_id
order by datum_ontvangen, verzoek_id
