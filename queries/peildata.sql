-- name: peildata
-- purpose: the stored snapshots, newest first, with when they were loaded
-- grain: one row per peildatum
-- params: none
-- kolommen: peildatum date, geladen_op datetime, rijen_geladen int, rijen_afgewezen int
select s.peildatum, s.geladen_op, l.rijen_geladen, l.rijen_afgewezen
from snapshot as s
join laadlog as l on l.load_id = s.load_id
order by s.peildatum desc
