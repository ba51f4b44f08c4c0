-- name: opvolging_snapshots
-- purpose: the stored snapshots with the load that wrote each (a reload gets a new load_id), oldest first: which
--          pairs of consecutive snapshots the follow-up of signals still has to look at
-- grain: one row per peildatum
-- params: none
-- kolommen: peildatum date, load_id int
select peildatum, load_id
from snapshot
order by peildatum
