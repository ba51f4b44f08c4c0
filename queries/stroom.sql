-- name: stroom
-- purpose: how NCG addresses moved between categories and groups from one snapshot to another, matched on ncg_id
-- grain: one row per (van_categorie, van_groep, naar_categorie, naar_groep) present; the van_ columns are null
--        for an address on the later list only (new), the naar_ columns for one on the earlier list only (left)
-- params: van_peildatum, naar_peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[]
-- No full outer join on older SQLite: every address of the earlier list with its later self (if any), then,
-- by an anti-join, the addresses of the later list only. Both join on the table's key (peildatum, ncg_id).
-- The filters judge an address by its record on the latest of the two peildata where it is on the list.
with paren as (
    select
        van.categorie as van_categorie, van.groep as van_groep,
        naar.categorie as naar_categorie, naar.groep as naar_groep,
        coalesce(naar.gemeente, van.gemeente) as gemeente,
        coalesce(naar.programma, van.programma) as programma
    from adres as van
    left join adres as naar on naar.peildatum = :naar_peildatum and naar.ncg_id = van.ncg_id
    where van.peildatum = :van_peildatum

    union all

    select
        null as van_categorie, null as van_groep,
        naar.categorie as naar_categorie, naar.groep as naar_groep,
        naar.gemeente, naar.programma
    from adres as naar
    left join adres as van on van.peildatum = :van_peildatum and van.ncg_id = naar.ncg_id
    where naar.peildatum = :naar_peildatum
      and van.ncg_id is null
)

select van_categorie, van_groep, naar_categorie, naar_groep, count(*) as aantal
from paren
where (:alle_gemeenten = 1 or gemeente in :gemeenten)
  and (:alle_programmas = 1 or programma in :programmas)
group by van_categorie, van_groep, naar_categorie, naar_groep
order by van_categorie, van_groep, naar_categorie, naar_groep
