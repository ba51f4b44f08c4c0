-- name: koppeling_per_peildatum
-- purpose: the link rate of IMG claims in every snapshot: linked to an NCG address by BAG id, by address, or not
-- grain: one row per peildatum and koppeling ('bag_id', 'adres', or null: not on the NCG list)
-- params: none
-- kolommen: peildatum date, koppeling text, aantal int
select peildatum, koppeling, count(*) as aantal
from img_schademelding
group by peildatum, koppeling
order by peildatum, koppeling
