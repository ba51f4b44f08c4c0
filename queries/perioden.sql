-- name: perioden
-- purpose: the first and last day with IVR calls and with SVIP requests in a snapshot, for period pickers
-- grain: exactly one row
-- params: peildatum
select
    (select min(datum) from ivr_gesprek where peildatum = :peildatum) as ivr_van,
    (select max(datum) from ivr_gesprek where peildatum = :peildatum) as ivr_tot,
    (select min(datum_ontvangen) from svip_verzoek where peildatum = :peildatum) as svip_van,
    (select max(datum_ontvangen) from svip_verzoek where peildatum = :peildatum) as svip_tot
