-- Each table that grows with a city is keyed (id, city_id), the pages (id, meeting_date, city_id): see
-- cities/migrations/sql/0013. A minutes document, and each of its pages, points at its meeting and its
-- document through keys that carry the city, like every other row.
ALTER TABLE meetings_meetingpage DROP CONSTRAINT meetings_meetingpage_document_id_fkey;
SELECT set_primary_key('meetings_meeting', '{id,city_id}');
SELECT set_primary_key('meetings_agendaitem', '{id,city_id}');
SELECT set_primary_key('meetings_agendaitemcategory', '{id,city_id}');
SELECT set_primary_key('meetings_document', '{id,city_id}');
SELECT set_primary_key('meetings_attendance', '{id,city_id}');
SELECT set_primary_key('meetings_minutesdocument', '{id,city_id}');
SELECT set_primary_key('meetings_meetingpage', '{id,meeting_date,city_id}');
SELECT set_primary_key('meetings_matter', '{id,city_id}');
SELECT set_primary_key('meetings_mattersponsor', '{id,city_id}');
SELECT set_primary_key('meetings_matteraction', '{id,city_id}');
SELECT set_primary_key('meetings_matterattachment', '{id,city_id}');
SELECT set_primary_key('meetings_mattertext', '{id,city_id}');
ALTER TABLE meetings_agendaitemcategory
    ADD CONSTRAINT item_category_item_same_city FOREIGN KEY (agenda_item_id, city_id)
    REFERENCES meetings_agendaitem (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_minutesdocument
    ADD CONSTRAINT minutes_document_meeting_same_city FOREIGN KEY (meeting_id, city_id)
    REFERENCES meetings_meeting (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_meetingpage
    ADD CONSTRAINT meetingpage_document_same_city FOREIGN KEY (document_id, city_id)
    REFERENCES meetings_minutesdocument (id, city_id) ON DELETE CASCADE;
