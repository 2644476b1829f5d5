-- A member's record, newest first, keyset-paginated, read within the city's partition:
-- (city_id, member_id, meeting_date DESC, id DESC). With member_id leading, the planner multiplied the
-- selectivities of city_id and member_id as if unrelated (a member has one city), expected a few dozen
-- rows, and sorted the member's whole record through a BitmapAnd with the primary key.
CREATE INDEX membervote_city_member_date_idx ON votes_membervote (city_id, member_id, meeting_date DESC, id DESC);
DROP INDEX membervote_member_date_idx;
