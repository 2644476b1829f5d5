-- The keys 0015 swapped in NOT VALID, checked against every row: each VALIDATE in a transaction of its own
-- (the migration is not atomic) takes a lock that lets reads and writes go on.
ALTER TABLE meetings_meeting VALIDATE CONSTRAINT meeting_body_same_city;
ALTER TABLE meetings_matter VALIDATE CONSTRAINT matter_body_same_city;
ALTER TABLE meetings_matteraction VALIDATE CONSTRAINT action_body_same_city;
ALTER TABLE meetings_mattersponsor VALIDATE CONSTRAINT sponsor_member_same_city;
ALTER TABLE meetings_matteraction VALIDATE CONSTRAINT action_mover_same_city;
ALTER TABLE meetings_matteraction VALIDATE CONSTRAINT action_seconder_same_city;
ALTER TABLE meetings_matteraction VALIDATE CONSTRAINT action_meeting_same_city;
ALTER TABLE meetings_matteraction VALIDATE CONSTRAINT action_item_same_city;
ALTER TABLE meetings_agendaitem VALIDATE CONSTRAINT item_matter_same_city;
