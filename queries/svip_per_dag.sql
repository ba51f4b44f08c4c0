-- name: svip_per_dag
-- purpose: SVIP requests received per day in a window by kind, requesting organisation and outcome, within the page's selection and the address filters (gemeente, programma of the address asked about)
-- grain: one row per (datum_ontvangen, soort, aanvrager, uitkomst) present; uitkomst is 'geen' while it is empty
-- params: peildatum, van, tot, alle_aanvragers, aanvragers[], alle_soorten, soorten[], alle_uitkomsten, uitkomsten[], alle_gemeenten, gemeenten[], alle_programmas, programmas[]
with selectie as (
    select v.datum_ontvangen, v.soort, v.aanvrager, coalesce(v.uitkomst, 'geen') as uitkomst
    from svip_verzoek as v
    left join adres as a on a.peildatum = v.peildatum and a.ncg_id = v.ncg_id
    where v.peildatum = :peildatum
      and v.datum_ontvangen between :van and :tot
      and (:alle_aanvragers = 1 or v.aanvrager in :aanvragers)
      and (:alle_soorten = 1 or v.soort in :soorten)
      and (:alle_uitkomsten = 1 or coalesce(v.uitkomst, 'geen') in :uitkomsten)
      and (:alle_gemeenten = 1 or a.gemeente in :gemeenten)
      and (:alle_programmas = 1 or a.programma in :programmas)
)

select datum_ontvangen, soort, aanvrager, uitkomst, count(*) as aantal
from selectie
group by datum_ontvangen, soort, aanvrager, uitkomst
order by datum_ontvangen, soort, aanvrager, uitkomst
