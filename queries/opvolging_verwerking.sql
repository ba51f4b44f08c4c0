-- name: opvolging_verwerking
-- purpose: the pairs of snapshots (each as loaded at its geladen_op) whose signals are already recorded
-- grain: one row per pair of consecutive snapshots
-- params: none
select peildatum, vorige_peildatum, geladen_op, vorige_geladen_op
from signaal_verwerking
