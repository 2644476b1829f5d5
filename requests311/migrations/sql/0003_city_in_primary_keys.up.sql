-- Each table that grows with a city is keyed with its city: see cities/migrations/sql/0013. A request
-- points at its service through a key that carries the city, like every other row.
ALTER TABLE requests311_servicerequest DROP CONSTRAINT requests311_servicerequest_service_id_fkey;
SELECT set_primary_key('requests311_service', '{id,city_id}');
SELECT set_primary_key('requests311_statuschange', '{id,city_id}');
ALTER TABLE requests311_servicerequest
    ADD CONSTRAINT servicerequest_service_same_city FOREIGN KEY (service_id, city_id)
    REFERENCES requests311_service (id, city_id) ON DELETE RESTRICT;
