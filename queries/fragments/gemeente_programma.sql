-- fragment: gemeente_programma
-- purpose: the global filters' gemeente and programma (filters.Filters.params) on the address table's columns
--   gemeente and programma; a query takes them with a line `-- include: gemeente_programma`
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[]
and (:alle_gemeenten = 1 or gemeente in :gemeenten)
and (:alle_programmas = 1 or programma in :programmas)
