-- name: opvolging_kpi
-- purpose: the follow-up figures for the steering group (Overzicht, the PDF report): per signal only its kind,
--          status and dates, no address (only its record key, never shown); the global filters apply to the address's record on laatst_gezien
-- grain: one row per signal
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[]
-- kolommen: soort text, status text, gesignaleerd_op datetime, eerste_actie_op datetime, afgesloten_op datetime,
--   aantal_vervallen int, sleutel int
select
    s.soort, s.status, s.gesignaleerd_op, s.eerste_actie_op, s.afgesloten_op,
    case when s.oorzaak_vervallen is null then 0 else 1 end as aantal_vervallen,
    coalesce(a.sleutel, 0) as sleutel  -- the address's record key: cell-key perturbation for aggregate roles
-- include: signalen_met_adres
