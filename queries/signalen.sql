-- name: signalen
-- purpose: the core team's signals: what changed at an NCG address between the previous snapshot and this one
--          (became beide_lopend; moved into group B or E; got an AOS claim while on the list; entered the
--          list with a running claim)
-- grain: one row per address and signal; an address can carry several signals
-- params: peildatum, vorige_peildatum, alle_gemeenten, gemeenten[], alle_programmas, programmas[]
with nu as (
    select
        ncg_id, straat, huisnummer, huisletter, toevoeging, postcode, woonplaats, gemeente, programma,
        ncg_fase, ncg_fase_nr, fase_sinds, categorie, groep, img_fase, img_lopend, aantal_lopend,
        aos, urgent, bijzondere_situatie, toestemming, img_toestemming
    from adres
    where peildatum = :peildatum
      and (:alle_gemeenten = 1 or gemeente in :gemeenten)
      and (:alle_programmas = 1 or programma in :programmas)
      -- Only addresses that can carry a signal (each signal below needs one of these now), so the
      -- join with the previous snapshot and the four passes below see a tenth of the list.
      and (categorie = 'beide_lopend' or groep in ('B', 'E') or aos or aantal_lopend > 0)
),

-- Each address now with its record in the previous snapshot; the vorige_ columns are null when it was not on the list.
paren as (
    select
        nu.*,
        v.ncg_fase as vorige_ncg_fase,
        v.categorie as vorige_categorie,
        v.groep as vorige_groep,
        v.img_fase as vorige_img_fase,
        case when v.aos then 1 else 0 end as vorige_met_aos
    from nu
    left join adres as v on v.peildatum = :vorige_peildatum and v.ncg_id = nu.ncg_id
),

signaal as (
    select 'beide_lopend' as signaal, paren.*
    from paren
    where vorige_categorie is not null
      and categorie = 'beide_lopend'
      and vorige_categorie <> 'beide_lopend'

    union all

    select 'groep_b_e' as signaal, paren.*
    from paren
    where vorige_categorie is not null
      and groep in ('B', 'E')
      and (vorige_groep is null or vorige_groep <> groep)

    union all

    select 'aos' as signaal, paren.*
    from paren
    where vorige_categorie is not null
      and aos
      and vorige_met_aos = 0

    union all

    select 'nieuw_met_melding' as signaal, paren.*
    from paren
    where vorige_categorie is null
      and aantal_lopend > 0
)

select
    signaal, ncg_id, straat, huisnummer, huisletter, toevoeging, postcode, woonplaats, gemeente, programma,
    ncg_fase, ncg_fase_nr, fase_sinds, categorie, groep, img_fase, img_lopend, aantal_lopend,
    aos, urgent, bijzondere_situatie, toestemming, img_toestemming,
    vorige_ncg_fase, vorige_categorie, vorige_groep, vorige_img_fase
from signaal
order by signaal, gemeente, postcode, huisnummer, ncg_id
