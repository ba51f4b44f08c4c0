-- name: svip_per_categorie
-- purpose: SVIP requests received in a window by the figure-1 category and group A-F, on the peildatum, of the NCG address asked about, within the page's selection
-- grain: one row per (categorie, groep) present; categorie is null when the request names no address on the NCG list
-- params: peildatum, van, tot, alle_aanvragers, aanvragers[], alle_soorten, soorten[], alle_uitkomsten, uitkomsten[], alle_gemeenten, gemeenten[], alle_programmas, programmas[]
with selectie as (
    select a.categorie, a.groep
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

select categorie, groep, count(*) as aantal
from selectie
group by categorie, groep
order by categorie, groep
