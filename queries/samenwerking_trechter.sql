-- name: samenwerking_trechter
-- purpose: the funnel of joint actions per pilot and kind: possible (every action), offered, chosen, done, declined
-- grain: one row per (pilot, soort) present; pilot is null outside the pilots
-- params: peildatum
-- kolommen: pilot text, soort text, acties int, aangeboden int, gekozen int, uitgevoerd int, afgewezen int
with acties as (
    select pilot, soort, status
    from samenwerking_actie
    where peildatum = :peildatum
)

select
    pilot,
    soort,
    count(*) as acties,
    sum(case when status in ('aangeboden', 'gekozen', 'afgewezen', 'uitgevoerd') then 1 else 0 end) as aangeboden,
    sum(case when status in ('gekozen', 'uitgevoerd') then 1 else 0 end) as gekozen,
    sum(case when status = 'uitgevoerd' then 1 else 0 end) as uitgevoerd,
    sum(case when status = 'afgewezen' then 1 else 0 end) as afgewezen
from acties
group by pilot, soort
order by pilot, soort
