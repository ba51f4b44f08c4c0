-- name: audit
-- purpose: the audit log for the beheerder: who saw or exported addresses, who loaded data, newest first
-- grain: one row per audited action in the window
-- params: van, tot, alle_acties, acties[]
-- kolommen: tijdstip datetime, gebruiker text, rol text, actie text, onderdeel text, filters text,
--   aantal_rijen int
select tijdstip, gebruiker, rol, actie, onderdeel, filters, aantal_rijen
from audit
where tijdstip >= :van and tijdstip < :tot
  and (:alle_acties = 1 or actie in :acties)
order by tijdstip desc, audit_id desc
