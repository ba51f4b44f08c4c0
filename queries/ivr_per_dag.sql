-- name: ivr_per_dag
-- purpose: calls through the phone menu per day, line, menu choice and subject in a window: total, misrouted, warm transfers
-- grain: one row per (datum, lijn, menukeuze, onderwerp) present; onderwerp is 'onbekend' when not recorded; the counts are named apart from the boolean columns they count
-- params: peildatum, van, tot, alle_lijnen, lijnen[], alle_menukeuzes, menukeuzes[], alle_onderwerpen, onderwerpen[]
with selectie as (
    select datum, lijn, menukeuze, coalesce(onderwerp, 'onbekend') as onderwerp, verkeerd_gekozen, warme_overdracht
    from ivr_gesprek
    where peildatum = :peildatum
      and datum between :van and :tot
      and (:alle_lijnen = 1 or lijn in :lijnen)
      and (:alle_menukeuzes = 1 or menukeuze in :menukeuzes)
      and (:alle_onderwerpen = 1 or coalesce(onderwerp, 'onbekend') in :onderwerpen)
)

select
    datum,
    lijn,
    menukeuze,
    onderwerp,
    count(*) as gesprekken,
    sum(case when verkeerd_gekozen then 1 else 0 end) as verkeerd,
    sum(case when warme_overdracht then 1 else 0 end) as warme_overdrachten
from selectie
group by datum, lijn, menukeuze, onderwerp
order by datum, lijn, menukeuze, onderwerp
