-- name: laadlog
-- purpose: every load of a delivery, newest first: source, files, rows loaded and rejected, and whether it is
--          the load its snapshot currently holds (a later load of the same peildatum replaces an earlier one)
-- grain: one row per load
-- params: none
-- kolommen: load_id int, peildatum date, geladen_op datetime, bron text, bestanden text, rijen_geladen int,
--   rijen_afgewezen int, actueel bool
select
    l.load_id, l.peildatum, l.geladen_op, l.bron, l.bestanden, l.rijen_geladen, l.rijen_afgewezen,
    case when s.load_id is null then 0 else 1 end as actueel
from laadlog as l
left join snapshot as s on s.load_id = l.load_id
order by l.load_id desc
