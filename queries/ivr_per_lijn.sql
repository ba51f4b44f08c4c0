-- name: ivr_per_lijn
-- purpose: calls through the phone menu per line in a window: total, misrouted, warm transfers
-- grain: one row per line (IMG, NCG) with calls in the window
-- params: peildatum, van, tot
select
    lijn,
    count(*) as gesprekken,
    sum(case when verkeerd_gekozen then 1 else 0 end) as aantal_verkeerd,
    sum(case when warme_overdracht then 1 else 0 end) as aantal_warm
from ivr_gesprek
where peildatum = :peildatum
  and datum between :van and :tot
group by lijn
order by lijn
