-- Each table that grows with a city is keyed (id, city_id): a distributed PostgreSQL keyed by city_id
-- (cities/distribution.py) requires the city in every primary key and unique constraint. id stays first,
-- so lookups and joins by id alone still use the key's index. The unique (id, city_id) constraints that
-- the composite foreign keys pointed at become the primary keys.
SELECT set_primary_key('cities_body', '{id,city_id}');
SELECT set_primary_key('cities_councilmember', '{id,city_id}');
SELECT set_primary_key('cities_membership', '{id,city_id}');
SELECT set_primary_key('cities_datasynclog', '{id,city_id}');
SELECT set_primary_key('cities_correction', '{id,city_id}');
