-- name: opvolging_kpi
-- purpose: the follow-up figures for the steering group (Overzicht, the PDF report): per signal only its kind,
--          status and dates, no address (only its record key, never shown); the global filters apply to the address's record on laatst_gezien
-- grain: one row per signal
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[]
select
    s.soort, s.status, s.gesignaleerd_op, s.eerste_actie_op, s.afgesloten_op,
    case when s.oorzaak_vervallen is null then 0 else 1 end as aantal_vervallen,
    coalesce(a.sleutel, 0) as sleutel  -- the address's record key: cell-key perturbation for aggregate roles
-- cross join with the join condition in the where clause: SQLite then reads the few signals first and looks each
-- address up by its key (a plain join scanned every address of every snapshot); PostgreSQL plans it as a join.
from signaal as s
cross join adres as a
where a.peildatum = s.laatst_gezien and a.ncg_id = s.ncg_id
  and (:alle_gemeenten = 1 or a.gemeente in :gemeenten)
  and (:alle_programmas = 1 or a.programma in :programmas)
