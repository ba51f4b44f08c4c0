-- name: ivr_uur_weekdag
-- purpose: calls through the phone menu in a window by weekday (0 = maandag) and hour of day, for the heatmap
-- grain: one row per (weekdag, uur) with calls
-- params: peildatum, van, tot, alle_lijnen, lijnen[], alle_menukeuzes, menukeuzes[], alle_onderwerpen, onderwerpen[]
with selectie as (
    select weekdag, uur
    from ivr_gesprek
    where peildatum = :peildatum
      and datum between :van and :tot
      and (:alle_lijnen = 1 or lijn in :lijnen)
      and (:alle_menukeuzes = 1 or menukeuze in :menukeuzes)
      and (:alle_onderwerpen = 1 or coalesce(onderwerp, 'onbekend') in :onderwerpen)
)

select weekdag, uur, count(*) as gesprekken
from selectie
group by weekdag, uur
order by weekdag, uur
