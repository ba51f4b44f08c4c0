-- name: opvolging_signaal
-- purpose: one follow-up record as it is stored now (to tell a user who changed it in the meantime)
-- grain: one row, or none for an unknown id
-- params: signaal_id
-- kolommen: signaal_id int, ncg_id text, soort text, status text, eigenaar_organisatie text, eigenaar_naam text,
--   notitie text, versie int, gewijzigd_op datetime, gewijzigd_door text, eerste_actie_op datetime
select signaal_id, ncg_id, soort, status, eigenaar_organisatie, eigenaar_naam, notitie, versie, gewijzigd_op,
    gewijzigd_door, eerste_actie_op
from signaal
where signaal_id = :signaal_id
