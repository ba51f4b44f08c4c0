-- name: opvolging_stand
-- purpose: how far the follow-up records are: every change appends a history row, so this pair changes with each
--          change and keys the app's caches of the work queue and the figures
-- grain: one row
-- params: none
-- kolommen: aantal int, laatste int
select count(*) as aantal, coalesce(max(wijziging_id), 0) as laatste
from signaal_wijziging
