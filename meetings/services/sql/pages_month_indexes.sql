-- The same key and indexes as meetings_meetingpage's partitioned ones (migrations 0005 and 0013), built
-- once over the loaded month; ATTACH PARTITION adopts them instead of building its own.
SET LOCAL maintenance_work_mem = '256MB';
ALTER TABLE {staging} ADD PRIMARY KEY (id, meeting_date, city_id);
CREATE INDEX ON {staging} USING gin (search_vector);
CREATE INDEX ON {staging} (meeting_date DESC, id DESC);
CREATE INDEX ON {staging} (city_id, meeting_date DESC, id DESC);
CREATE INDEX ON {staging} (document_id, page_number);
CREATE INDEX ON {staging} (id);
