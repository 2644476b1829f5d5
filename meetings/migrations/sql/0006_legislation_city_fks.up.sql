-- Composite foreign keys keep legislation, attendance and bodies of meetings inside one city, whatever writes.
-- A nullable link set to NULL on delete nulls only its own column (SET NULL (col)), never city_id.
ALTER TABLE meetings_meeting
    ADD CONSTRAINT meeting_body_same_city FOREIGN KEY (body_id, city_id)
    REFERENCES cities_body (id, city_id) ON DELETE SET NULL (body_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_matter
    ADD CONSTRAINT matter_body_same_city FOREIGN KEY (body_id, city_id)
    REFERENCES cities_body (id, city_id) ON DELETE SET NULL (body_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_agendaitem
    ADD CONSTRAINT item_matter_same_city FOREIGN KEY (matter_id, city_id)
    REFERENCES meetings_matter (id, city_id) ON DELETE SET NULL (matter_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_mattersponsor
    ADD CONSTRAINT sponsor_matter_same_city FOREIGN KEY (matter_id, city_id)
    REFERENCES meetings_matter (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT sponsor_member_same_city FOREIGN KEY (member_id, city_id)
    REFERENCES cities_councilmember (id, city_id) ON DELETE SET NULL (member_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_matteraction
    ADD CONSTRAINT action_matter_same_city FOREIGN KEY (matter_id, city_id)
    REFERENCES meetings_matter (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT action_meeting_same_city FOREIGN KEY (meeting_id, city_id)
    REFERENCES meetings_meeting (id, city_id) ON DELETE SET NULL (meeting_id) DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT action_item_same_city FOREIGN KEY (agenda_item_id, city_id)
    REFERENCES meetings_agendaitem (id, city_id) ON DELETE SET NULL (agenda_item_id) DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT action_body_same_city FOREIGN KEY (body_id, city_id)
    REFERENCES cities_body (id, city_id) ON DELETE SET NULL (body_id) DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT action_mover_same_city FOREIGN KEY (mover_id, city_id)
    REFERENCES cities_councilmember (id, city_id) ON DELETE SET NULL (mover_id) DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT action_seconder_same_city FOREIGN KEY (seconder_id, city_id)
    REFERENCES cities_councilmember (id, city_id) ON DELETE SET NULL (seconder_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_matterattachment
    ADD CONSTRAINT matter_attachment_same_city FOREIGN KEY (matter_id, city_id)
    REFERENCES meetings_matter (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_mattertext
    ADD CONSTRAINT matter_text_same_city FOREIGN KEY (matter_id, city_id)
    REFERENCES meetings_matter (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE meetings_attendance
    ADD CONSTRAINT attendance_meeting_same_city FOREIGN KEY (meeting_id, city_id)
    REFERENCES meetings_meeting (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT attendance_member_same_city FOREIGN KEY (member_id, city_id)
    REFERENCES cities_councilmember (id, city_id) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED;
-- "Words in the title" on the legislation list (pg_trgm, as for agenda item titles).
CREATE INDEX matter_title_trgm_idx ON meetings_matter USING gin (title gin_trgm_ops);
