-- Composite foreign keys: an item's city is its meeting's city, a document's city its item's.
-- They are what makes "never another city's data" hold in the database, whatever writes.
ALTER TABLE meetings_agendaitem
    ADD CONSTRAINT item_meeting_same_city FOREIGN KEY (meeting_id, city_id)
    REFERENCES meetings_meeting (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_document
    ADD CONSTRAINT document_item_same_city FOREIGN KEY (agenda_item_id, city_id)
    REFERENCES meetings_agendaitem (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
