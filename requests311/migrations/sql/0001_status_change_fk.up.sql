-- History rows point at their request inside the same city partition.
ALTER TABLE requests311_statuschange
    ADD CONSTRAINT statuschange_request_same_city FOREIGN KEY (city_id, request_id)
    REFERENCES requests311_servicerequest (city_id, id) ON DELETE CASCADE;
