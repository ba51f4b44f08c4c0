-- fragment: signalen_met_adres
-- purpose: the signals (s) with the address (a) as the NCG list last showed it, their record on the snapshot
--   laatst_gezien, kept when that record passes the global filters' gemeente and programma; the FROM and WHERE of
--   a query over the follow-up of signals, taken with a line `-- include: signalen_met_adres`
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[]
-- A cross join with the join condition in the where clause: SQLite then reads the few signals first and looks each
-- address up by its key (a plain join scanned every address of every snapshot); PostgreSQL plans it as a join.
from signaal as s
cross join adres as a
where a.peildatum = s.laatst_gezien and a.ncg_id = s.ncg_id
  -- include: gemeente_programma
