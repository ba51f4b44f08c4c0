-- name: svip_doorloop
-- purpose: SVIP requests open at some moment in a window (received by its end, not closed before its start), by day received, day closed and kind, within the page's selection; for the open backlog and handling times
-- grain: one row per (datum_ontvangen, datum_afgerond, soort) present; datum_afgerond is null while open
-- params: peildatum, van, tot, alle_aanvragers, aanvragers[], alle_soorten, soorten[], alle_uitkomsten, uitkomsten[], alle_gemeenten, gemeenten[], alle_programmas, programmas[]
with selectie as (
    select v.datum_ontvangen, v.datum_afgerond, v.soort
    from svip_verzoek as v
    left join adres as a on a.peildatum = v.peildatum and a.ncg_id = v.ncg_id
    where v.peildatum = :peildatum
      and v.datum_ontvangen <= :tot
      and (v.datum_afgerond is null or v.datum_afgerond >= :van)
      and (:alle_aanvragers = 1 or v.aanvrager in :aanvragers)
      and (:alle_soorten = 1 or v.soort in :soorten)
      and (:alle_uitkomsten = 1 or coalesce(v.uitkomst, 'geen') in :uitkomsten)
      and (:alle_gemeenten = 1 or a.gemeente in :gemeenten)
      and (:alle_programmas = 1 or a.programma in :programmas)
)

select datum_ontvangen, datum_afgerond, soort, count(*) as aantal
from selectie
group by datum_ontvangen, datum_afgerond, soort
order by datum_ontvangen, datum_afgerond, soort
