-- name: ivr_per_dag
-- purpose: calls through the phone menu per day, line, menu choice and subject in a window: total, misrouted, warm transfers
-- grain: one row per (datum, lijn, menukeuze, onderwerp) present; onderwerp is 'onbekend' when not recorded; the counts are named apart from the boolean columns they count
-- params: peildatum, van, tot, alle_lijnen, lijnen[], alle_menukeuzes, menukeuzes[], alle_onderwerpen, onderwerpen[]
-- Counted in two steps: first on the stored columns, in the order of ix_ivr_telling, so the database
-- aggregates while it reads the index instead of sorting every call; then the few groups without a
-- recorded subject are merged into 'onbekend'.
with per_opgeslagen as (
    select
        datum,
        lijn,
        menukeuze,
        onderwerp,
        count(*) as gesprekken,
        sum(case when verkeerd_gekozen then 1 else 0 end) as verkeerd,
        sum(case when warme_overdracht then 1 else 0 end) as warme_overdrachten
    from ivr_gesprek
    where peildatum = :peildatum
      and datum between :van and :tot
      and (:alle_lijnen = 1 or lijn in :lijnen)
      and (:alle_menukeuzes = 1 or menukeuze in :menukeuzes)
      and (:alle_onderwerpen = 1 or coalesce(onderwerp, 'onbekend') in :onderwerpen)
    group by datum, lijn, menukeuze, onderwerp
)

select
    datum,
    lijn,
    menukeuze,
    coalesce(onderwerp, 'onbekend') as onderwerp,
    cast(sum(gesprekken) as bigint) as gesprekken,
    cast(sum(verkeerd) as bigint) as verkeerd,
    cast(sum(warme_overdrachten) as bigint) as warme_overdrachten
from per_opgeslagen
group by datum, lijn, menukeuze, coalesce(onderwerp, 'onbekend')
order by datum, lijn, menukeuze, coalesce(onderwerp, 'onbekend')
