-- name: opvolging_historie
-- purpose: the history of the signals of one address, for the combined dossier: every change with who and when
-- grain: one row per change of a signal of the address, newest first
-- params: ncg_id
-- kolommen: wijziging_id int, signaal_id int, soort text, reden text, tijdstip datetime, gebruiker text, rol text,
--   actie text, versie int, status text, eigenaar_organisatie text, eigenaar_naam text, notitie text
select
    w.wijziging_id, w.signaal_id, s.soort, s.reden, w.tijdstip, w.gebruiker, w.rol, w.actie, w.versie, w.status,
    w.eigenaar_organisatie, w.eigenaar_naam, w.notitie
from signaal_wijziging as w
join signaal as s on s.signaal_id = w.signaal_id
where s.ncg_id = :ncg_id
order by w.tijdstip desc, w.wijziging_id desc
