-- name: samenwerking_per_dag
-- purpose: dated joint actions per day, kind and status, for the course over time (buddy couplings, information exchanges, AOS nominations)
-- grain: one row per (datum, soort, status) present; actions without a date are left out
-- params: peildatum
-- kolommen: datum date, soort text, status text, aantal int
select datum, soort, status, count(*) as aantal
from samenwerking_actie
where peildatum = :peildatum
  and datum is not null
group by datum, soort, status
order by datum, soort, status
