-- Each table that grows with a city is keyed (id, city_id), the pages (id, meeting_date, city_id): see
-- cities/migrations/sql/0013. A minutes document, and each of its pages, points at its meeting and its
-- document through keys that carry the city, like every other row.
-- The pages' key onto their document, on the parent and on any month detached past retention (a detached
-- month keeps its own copy), is re-made with the city once the document's key has it.
CREATE TEMPORARY TABLE pages_onto_documents ON COMMIT DROP AS
SELECT conrelid::regclass AS pages, conname FROM pg_constraint
WHERE contype = 'f' AND confrelid = 'meetings_minutesdocument'::regclass AND conparentid = 0;
DO $$
DECLARE link record;
BEGIN
    FOR link IN SELECT pages, conname FROM pages_onto_documents LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', link.pages, link.conname);
    END LOOP;
END $$;
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
DO $$
DECLARE link record;
BEGIN
    FOR link IN SELECT DISTINCT pages FROM pages_onto_documents LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT meetingpage_document_same_city FOREIGN KEY (document_id, city_id)'
                       ' REFERENCES meetings_minutesdocument (id, city_id) ON DELETE CASCADE', link.pages);
    END LOOP;
END $$;
