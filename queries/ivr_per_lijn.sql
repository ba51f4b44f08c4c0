-- name: ivr_per_lijn
-- purpose: calls through the phone menu per line in a window: total, misrouted, warm transfers
-- grain: one row per line (IMG, NCG) with calls in the window
-- params: peildatum, van, tot
-- Counted per day and line first, in the order of ix_ivr_telling, so the database aggregates while it
-- reads the index instead of sorting every call by line; then the days are added up.
with per_dag as (
    select
        lijn,
        count(*) as gesprekken,
        sum(case when verkeerd_gekozen then 1 else 0 end) as aantal_verkeerd,
        sum(case when warme_overdracht then 1 else 0 end) as aantal_warm
    from ivr_gesprek
    where peildatum = :peildatum
      and datum between :van and :tot
    group by datum, lijn
)

select
    lijn,
    cast(sum(gesprekken) as bigint) as gesprekken,
    cast(sum(aantal_verkeerd) as bigint) as aantal_verkeerd,
    cast(sum(aantal_warm) as bigint) as aantal_warm
from per_dag
group by lijn
order by lijn
