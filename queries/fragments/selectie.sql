-- fragment: selectie
-- purpose: the conditions of an address selection (filters.Selectie with the global filters) on table adres,
--   after `where peildatum = :peildatum`; a query takes them with a line `-- include: selectie`
-- params: alle_gemeenten, gemeenten[], alle_programmas, programmas[], alle_categorieen, categorieen[], alle_groepen, groepen[], alle_cellen, cellen[], alleen_bijzonder, alleen_urgent, alleen_aos, alleen_toestemming, alleen_prioriteerbaar, pc4_van, pc4_tot, alle_duur, fase_sinds_voor
-- include: gemeente_programma
and (:alle_categorieen = 1 or categorie in :categorieen)
and (:alle_groepen = 1 or groep in :groepen)
and (:alle_cellen = 1 or ncg_fase || '|' || img_fase in :cellen)
and (:alleen_bijzonder = 0 or bijzondere_situatie)
and (:alleen_urgent = 0 or urgent)
and (:alleen_aos = 0 or aos)
and (:alleen_toestemming = 0 or toestemming or img_toestemming)
and (:alleen_prioriteerbaar = 0 or img_fase in ('melding', 'opname'))
and substr(postcode, 1, 4) between :pc4_van and :pc4_tot
and (:alle_duur = 1 or fase_sinds <= :fase_sinds_voor)
