CREATE INDEX membervote_member_date_idx ON votes_membervote (member_id, meeting_date DESC, id DESC);
DROP INDEX membervote_city_member_date_idx;
