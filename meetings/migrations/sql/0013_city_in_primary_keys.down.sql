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
ALTER TABLE meetings_minutesdocument DROP CONSTRAINT minutes_document_meeting_same_city;
ALTER TABLE meetings_agendaitemcategory DROP CONSTRAINT item_category_item_same_city;
SELECT set_primary_key('meetings_mattertext', '{id}');
SELECT set_primary_key('meetings_matterattachment', '{id}');
SELECT set_primary_key('meetings_matteraction', '{id}');
SELECT set_primary_key('meetings_mattersponsor', '{id}');
SELECT set_primary_key('meetings_matter', '{id}', 'matter_id_city_key');
SELECT set_primary_key('meetings_meetingpage', '{id,meeting_date}');
SELECT set_primary_key('meetings_minutesdocument', '{id}');
SELECT set_primary_key('meetings_attendance', '{id}');
SELECT set_primary_key('meetings_document', '{id}');
SELECT set_primary_key('meetings_agendaitemcategory', '{id}');
SELECT set_primary_key('meetings_agendaitem', '{id}', 'item_id_city_key');
SELECT set_primary_key('meetings_meeting', '{id}', 'meeting_id_city_key');
DO $$
DECLARE link record;
BEGIN
    FOR link IN SELECT DISTINCT pages FROM pages_onto_documents LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT meetings_meetingpage_document_id_fkey FOREIGN KEY (document_id)'
                       ' REFERENCES meetings_minutesdocument (id) ON DELETE CASCADE', link.pages);
    END LOOP;
END $$;
