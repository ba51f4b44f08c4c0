-- name: opvolging_verwerking
-- purpose: the pairs of snapshots (each by the load that wrote it) whose signals are already recorded
-- grain: one row per pair of consecutive snapshots
-- params: none
-- kolommen: peildatum date, vorige_peildatum date, load_id int, vorige_load_id int
select peildatum, vorige_peildatum, load_id, vorige_load_id
from signaal_verwerking
