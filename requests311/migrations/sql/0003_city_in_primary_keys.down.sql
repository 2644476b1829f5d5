ALTER TABLE requests311_servicerequest DROP CONSTRAINT servicerequest_service_same_city;
SELECT set_primary_key('requests311_statuschange', '{id}');
SELECT set_primary_key('requests311_service', '{id}');
ALTER TABLE requests311_servicerequest
    ADD CONSTRAINT requests311_servicerequest_service_id_fkey FOREIGN KEY (service_id)
    REFERENCES requests311_service (id) ON DELETE RESTRICT;
