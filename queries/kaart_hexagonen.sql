-- name: kaart_hexagonen
-- purpose: the hexagon map: the selection's addresses with coordinates counted per H3 cell (computed at load time, adres.h3_6 .. h3_9), and how many of them have both dossiers running; the same selection as adressen.sql
-- grain: one row per H3 cell of the chosen resolution (6-9) holding at least one address of the selection
-- params: resolutie, peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[], alle_categorieen, categorieen[], alle_groepen, groepen[], alle_cellen, cellen[], alleen_bijzonder, alleen_urgent, alleen_aos, alleen_toestemming, alleen_prioriteerbaar, pc4_van, pc4_tot, alle_duur, fase_sinds_voor
select hex, count(*) as aantal, sum(beide) as beide_lopend
from (
    select case :resolutie when 6 then h3_6 when 7 then h3_7 when 8 then h3_8 when 9 then h3_9 end as hex,
           case when categorie = 'beide_lopend' then 1 else 0 end as beide
    from adres
    where peildatum = :peildatum
      and h3_6 is not null
      -- include: selectie
) per_adres
group by hex
order by hex
