-- name: snapshot_bronnen
-- purpose: the fingerprint of the delivery behind each stored snapshot (tells the bundled sample from real data)
-- grain: one row per stored snapshot
-- params: none
-- kolommen: peildatum date, vingerafdruk text
select s.peildatum, l.vingerafdruk
from snapshot s
join laadlog l on l.load_id = s.load_id
order by s.peildatum
