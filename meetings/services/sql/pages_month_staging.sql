-- A bare table shaped like meetings_meetingpage (columns, NOT NULLs, CHECKs, the generated
-- tsvector) with no index and no foreign key, for one month loaded from scratch. Its ids come from
-- the parent's sequence; the CHECK on the month's bounds lets ATTACH PARTITION skip its full scan.
DROP TABLE IF EXISTS {staging};
CREATE TABLE {staging} (LIKE meetings_meetingpage INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS);
ALTER TABLE {staging} ALTER COLUMN id SET DEFAULT nextval(pg_get_serial_sequence('meetings_meetingpage', 'id'));
ALTER TABLE {staging} ADD CONSTRAINT {bounds}
    CHECK (meeting_date IS NOT NULL AND meeting_date >= {lower} AND meeting_date < {upper});
