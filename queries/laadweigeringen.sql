-- name: laadweigeringen
-- purpose: deliveries the loader's guard refused (too many rejected rows, or a snapshot they would empty),
--          newest first, with the reasons; the beheerder sees them on Datakwaliteit
-- grain: one row per refused load
-- params: none
-- kolommen: weigering_id int, peildatum date, geweigerd_op datetime, bron text, reden text, rijen_gelezen int,
--   rijen_afgewezen int
select weigering_id, peildatum, geweigerd_op, bron, reden, rijen_gelezen, rijen_afgewezen
from laadweigering
order by weigering_id desc
