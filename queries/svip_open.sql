-- name: svip_open
-- purpose: SVIP requests received in a window that are still open on the peildatum
-- grain: exactly one row
-- params: peildatum, van, tot
select count(*) as aantal
from svip_verzoek
where peildatum = :peildatum
  and datum_ontvangen between :van and :tot
  and datum_afgerond is null
