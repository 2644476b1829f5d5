DROP INDEX matter_title_trgm_idx;
ALTER TABLE meetings_attendance DROP CONSTRAINT attendance_meeting_same_city, DROP CONSTRAINT attendance_member_same_city;
ALTER TABLE meetings_mattertext DROP CONSTRAINT matter_text_same_city;
ALTER TABLE meetings_matterattachment DROP CONSTRAINT matter_attachment_same_city;
ALTER TABLE meetings_matteraction
    DROP CONSTRAINT action_matter_same_city, DROP CONSTRAINT action_meeting_same_city,
    DROP CONSTRAINT action_item_same_city, DROP CONSTRAINT action_body_same_city,
    DROP CONSTRAINT action_mover_same_city, DROP CONSTRAINT action_seconder_same_city;
ALTER TABLE meetings_mattersponsor DROP CONSTRAINT sponsor_matter_same_city, DROP CONSTRAINT sponsor_member_same_city;
ALTER TABLE meetings_agendaitem DROP CONSTRAINT item_matter_same_city;
ALTER TABLE meetings_matter DROP CONSTRAINT matter_body_same_city;
ALTER TABLE meetings_meeting DROP CONSTRAINT meeting_body_same_city;
