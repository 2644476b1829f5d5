-- "Near me" asks for requests within a radius AND recent: one GiST over both (btree_gist lets a GiST
-- index hold the timestamp), so the heap is read only for rows that pass both conditions.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX servicerequest_location_time_idx ON requests311_servicerequest
    USING gist (location, requested_at) WHERE deleted_at IS NULL;
