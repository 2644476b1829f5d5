ALTER TABLE meetings_document DROP CONSTRAINT IF EXISTS document_item_same_city;
ALTER TABLE meetings_agendaitem DROP CONSTRAINT IF EXISTS item_meeting_same_city;
