DROP TABLE IF EXISTS requests311_servicerequest CASCADE;
