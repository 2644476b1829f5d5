DROP INDEX IF EXISTS servicerequest_location_time_idx;
