-- name: ivr_telling
-- purpose: every call through the phone menu of a snapshot, counted once per day, line, menu choice, subject and hour: the shared frame the Telefonie page, the Overzicht, the JSON report and the PDF filter and aggregate in polars
-- grain: one row per (datum, weekdag, uur, lijn, menukeuze, onderwerp) present; onderwerp is 'onbekend' when not recorded; weekdag (0 = maandag) follows from datum; the counts are named apart from the boolean columns they count
-- params: peildatum
-- Counted in two steps: first on the stored columns, in the order of ix_ivr_telling (which covers every
-- column read, so the database reads the index only); then the few groups without a recorded subject are
-- merged into 'onbekend'.
with per_opgeslagen as (
    select
        datum,
        weekdag,
        uur,
        lijn,
        menukeuze,
        onderwerp,
        count(*) as gesprekken,
        sum(case when verkeerd_gekozen then 1 else 0 end) as verkeerd,
        sum(case when warme_overdracht then 1 else 0 end) as warme_overdrachten
    from ivr_gesprek
    where peildatum = :peildatum
    group by datum, lijn, menukeuze, onderwerp, uur, weekdag
)

select
    datum,
    weekdag,
    uur,
    lijn,
    menukeuze,
    coalesce(onderwerp, 'onbekend') as onderwerp,
    cast(sum(gesprekken) as bigint) as gesprekken,
    cast(sum(verkeerd) as bigint) as verkeerd,
    cast(sum(warme_overdrachten) as bigint) as warme_overdrachten
from per_opgeslagen
group by datum, weekdag, uur, lijn, menukeuze, coalesce(onderwerp, 'onbekend')
order by datum, lijn, menukeuze, coalesce(onderwerp, 'onbekend'), uur
