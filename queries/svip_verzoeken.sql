-- name: svip_verzoeken
-- purpose: every SVIP request of a snapshot with the gemeente, programma, figure-1 category and group A-F (on the peildatum) of the NCG address asked about: the shared frame the SVIP page and the Overzicht filter and aggregate in polars
-- grain: one row per (datum_ontvangen, datum_afgerond, aanvrager, soort, uitkomst, gemeente, programma, categorie, groep) present, with the count and the sum of the requests' record keys (cell-key perturbation for aggregate roles); uitkomst is 'geen' while it is empty; datum_afgerond is null while open; the address columns are null when the request names no address on the NCG list
-- params: peildatum
-- kolommen: datum_ontvangen date, datum_afgerond date, aanvrager text, soort text, uitkomst text, gemeente text,
--   programma text, categorie text, groep text, aantal int, sleutelsom int
select
    v.datum_ontvangen,
    v.datum_afgerond,
    v.aanvrager,
    v.soort,
    coalesce(v.uitkomst, 'geen') as uitkomst,
    a.gemeente,
    a.programma,
    a.categorie,
    a.groep,
    count(*) as aantal,
    sum(coalesce(v.sleutel, 0)) as sleutelsom
from svip_verzoek as v
left join adres as a on a.peildatum = v.peildatum and a.ncg_id = v.ncg_id
where v.peildatum = :peildatum
group by v.datum_ontvangen, v.datum_afgerond, v.aanvrager, v.soort, coalesce(v.uitkomst, 'geen'),
         a.gemeente, a.programma, a.categorie, a.groep
order by v.datum_ontvangen, v.datum_afgerond, v.aanvrager, v.soort, coalesce(v.uitkomst, 'geen'),
         a.gemeente, a.programma, a.categorie, a.groep
