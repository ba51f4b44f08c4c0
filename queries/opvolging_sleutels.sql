-- name: opvolging_sleutels
-- purpose: the keys ('soort:ncg_id') of the signals already recorded from the deliveries, so a signal found again
--          in a later pair of snapshots stays the one signal it is
-- grain: one row per signal from the deliveries
-- params: none
-- kolommen: sleutel text
select sleutel
from signaal
where soort <> 'handmatig'
