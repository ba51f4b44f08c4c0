-- name: opvolging_werkvoorraad
-- purpose: the core team's work queue: every followed-up signal with its status, owner and the address as the
--          NCG list last showed it (its record on the snapshot laatst_gezien); the global filters apply to that record
-- grain: one row per signal
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[]
select
    s.signaal_id, s.ncg_id, s.soort, s.reden, s.eerste_peildatum, s.laatst_gezien, s.gesignaleerd_op, s.status,
    s.eigenaar_organisatie, s.eigenaar_naam, s.notitie, s.eerste_actie_op, s.afgesloten_op, s.oorzaak_vervallen,
    s.versie, s.gewijzigd_op, s.gewijzigd_door,
    a.straat, a.huisnummer, a.huisletter, a.toevoeging, a.postcode, a.woonplaats, a.gemeente, a.programma,
    a.ncg_fase, a.groep
-- cross join with the join condition in the where clause: SQLite then reads the few signals first and looks each
-- address up by its key (a plain join scanned every address of every snapshot); PostgreSQL plans it as a join.
from signaal as s
cross join adres as a
where a.peildatum = s.laatst_gezien and a.ncg_id = s.ncg_id
  and (:alle_gemeenten = 1 or a.gemeente in :gemeenten)
  and (:alle_programmas = 1 or a.programma in :programmas)
order by s.gesignaleerd_op, s.signaal_id
