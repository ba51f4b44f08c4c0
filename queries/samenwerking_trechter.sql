-- name: samenwerking_trechter
-- purpose: the funnel of joint actions per pilot and kind: possible (every action), offered, chosen, done, declined;
--          per count the sum of its actions' record keys (for the aggregate roles' cell-key perturbation)
-- grain: one row per (pilot, soort) present; pilot is null outside the pilots
-- params: peildatum
-- kolommen: pilot text, soort text, acties int, aangeboden int, gekozen int, uitgevoerd int, afgewezen int,
--   acties_sleutelsom int, aangeboden_sleutelsom int, gekozen_sleutelsom int, uitgevoerd_sleutelsom int,
--   afgewezen_sleutelsom int
with acties as (
    select pilot, soort, status, coalesce(sleutel, 0) as sleutel
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
    sum(case when status = 'afgewezen' then 1 else 0 end) as afgewezen,
    sum(sleutel) as acties_sleutelsom,
    sum(case when status in ('aangeboden', 'gekozen', 'afgewezen', 'uitgevoerd') then sleutel else 0 end)
        as aangeboden_sleutelsom,
    sum(case when status in ('gekozen', 'uitgevoerd') then sleutel else 0 end) as gekozen_sleutelsom,
    sum(case when status = 'uitgevoerd' then sleutel else 0 end) as uitgevoerd_sleutelsom,
    sum(case when status = 'afgewezen' then sleutel else 0 end) as afgewezen_sleutelsom
from acties
group by pilot, soort
order by pilot, soort
