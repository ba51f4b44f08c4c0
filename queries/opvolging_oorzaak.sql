-- name: opvolging_oorzaak
-- purpose: for every signal from the deliveries: is its cause still there in the latest snapshot (still beide
--          lopend, still in group B or E, still an AOS claim, still a running claim), and is the address still on
--          the NCG list
-- grain: one row per signal from the deliveries that appeared on or before the latest snapshot
-- params: laatste_peildatum
-- kolommen: signaal_id int, versie int, status text, eerste_actie_op datetime, oorzaak_vervallen date,
--   laatst_gezien date, op_lijst int, oorzaak int
select
    s.signaal_id, s.versie, s.status, s.eerste_actie_op, s.oorzaak_vervallen, s.laatst_gezien,
    case when a.ncg_id is null then 0 else 1 end as op_lijst,
    case
        when a.ncg_id is null then 0
        when s.soort = 'beide_lopend' and a.categorie = 'beide_lopend' then 1
        when s.soort = 'groep_b_e' and a.groep in ('B', 'E') then 1
        when s.soort = 'aos' and a.aos then 1
        when s.soort = 'nieuw_met_melding' and a.aantal_lopend > 0 then 1
        else 0
    end as oorzaak
from signaal as s
left join adres as a on a.peildatum = :laatste_peildatum and a.ncg_id = s.ncg_id
where s.soort <> 'handmatig'
  and s.eerste_peildatum <= :laatste_peildatum
