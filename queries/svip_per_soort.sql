-- name: svip_per_soort
-- purpose: SVIP information requests received in a window, per kind
-- grain: one row per kind with requests in the window
-- params: peildatum, van, tot
select soort, count(*) as aantal
from svip_verzoek
where peildatum = :peildatum
  and datum_ontvangen between :van and :tot
group by soort
order by aantal desc, soort
