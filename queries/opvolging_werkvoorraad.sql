-- name: opvolging_werkvoorraad
-- purpose: the core team's work queue: every followed-up signal with its status, owner and the address as the
--          NCG list last showed it (its record on the snapshot laatst_gezien); the global filters apply to that record
-- grain: one row per signal
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[]
-- kolommen: signaal_id int, ncg_id text, soort text, reden text, eerste_peildatum date, laatst_gezien date,
--   gesignaleerd_op datetime, status text, eigenaar_organisatie text, eigenaar_naam text, notitie text,
--   eerste_actie_op datetime, afgesloten_op datetime, oorzaak_vervallen date, versie int, gewijzigd_op datetime,
--   gewijzigd_door text, straat text, huisnummer int, huisletter text, toevoeging text, postcode text,
--   woonplaats text, gemeente text, programma text, ncg_fase text, groep text
select
    s.signaal_id, s.ncg_id, s.soort, s.reden, s.eerste_peildatum, s.laatst_gezien, s.gesignaleerd_op, s.status,
    s.eigenaar_organisatie, s.eigenaar_naam, s.notitie, s.eerste_actie_op, s.afgesloten_op, s.oorzaak_vervallen,
    s.versie, s.gewijzigd_op, s.gewijzigd_door,
    a.straat, a.huisnummer, a.huisletter, a.toevoeging, a.postcode, a.woonplaats, a.gemeente, a.programma,
    a.ncg_fase, a.groep
-- include: signalen_met_adres
order by s.gesignaleerd_op, s.signaal_id
