-- name: ivr_telling
-- purpose: every call through the phone menu of a snapshot, counted per day, line, menu choice, subject, misrouted and warm-transfer flag and hour: what the shared IVR frame (ivr.telling) is made of, read once per snapshot; the Telefonie page, the Overzicht, the JSON report and the PDF filter and aggregate that frame in polars
-- grain: one row per (datum, lijn, menukeuze, onderwerp, verkeerd_gekozen, warme_overdracht, uur, weekdag) present; weekdag (0 = maandag) follows from datum; onderwerp and warme_overdracht may be null (not recorded)
-- params: peildatum
-- kolommen: datum date, lijn text, menukeuze text, onderwerp text, verkeerd_gekozen bool, warme_overdracht bool,
--   uur int, weekdag int, gesprekken int
-- Grouped in the order of ix_ivr_telling, which covers every column read: the database aggregates while
-- it reads the index, without sorting the calls (three times faster on SQLite than grouping by hour first).
select
    datum,
    lijn,
    menukeuze,
    onderwerp,
    verkeerd_gekozen,
    warme_overdracht,
    uur,
    weekdag,
    count(*) as gesprekken
from ivr_gesprek
where peildatum = :peildatum
group by datum, lijn, menukeuze, onderwerp, verkeerd_gekozen, warme_overdracht, uur, weekdag
