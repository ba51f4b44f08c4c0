-- name: samenwerking_per_dag
-- purpose: dated joint actions per day, kind and status, for the course over time (buddy couplings, information exchanges, AOS nominations);
--          with the sum of their record keys (for the aggregate roles' cell-key perturbation)
-- grain: one row per (datum, soort, status) present; actions without a date are left out
-- params: peildatum
-- kolommen: datum date, soort text, status text, aantal int, sleutelsom int
select datum, soort, status, count(*) as aantal, sum(coalesce(sleutel, 0)) as sleutelsom
from samenwerking_actie
where peildatum = :peildatum
  and datum is not null
group by datum, soort, status
order by datum, soort, status
