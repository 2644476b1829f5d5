SELECT set_primary_key('cities_correction', '{id}');
SELECT set_primary_key('cities_datasynclog', '{id}');
SELECT set_primary_key('cities_membership', '{id}');
SELECT set_primary_key('cities_councilmember', '{id}', 'member_id_city_key');
SELECT set_primary_key('cities_body', '{id}', 'body_id_city_key');
