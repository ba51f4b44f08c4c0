-- name: samenwerking_telling
-- purpose: joint actions (pilots, AOS nominations, buddies, information exchange) per pilot, kind and status
-- grain: one row per (pilot, soort, status) present; pilot is null outside the pilots
-- params: peildatum
-- kolommen: pilot text, soort text, status text, aantal int
select pilot, soort, status, count(*) as aantal
from samenwerking_actie
where peildatum = :peildatum
group by pilot, soort, status
order by pilot, soort, status
