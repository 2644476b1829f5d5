-- The nine keys from a nullable link to a row of the same city no longer null the link themselves
-- (ON DELETE SET NULL (column)): Citus refuses a key that sets columns on delete when the distribution column
-- is among them (citusdata/citus#7132). Django's on_delete=SET_NULL on each of these fields nulls the links
-- before it deletes the row they point at, and the key, checked at commit, still refuses a row pointing at a
-- body, member, meeting, item or matter that is gone. Each key is swapped in NOT VALID, so the tables
-- are locked only for the swap; the next migration checks the rows, one key at a time, while writes go on.
ALTER TABLE meetings_meeting DROP CONSTRAINT meeting_body_same_city,
    ADD CONSTRAINT meeting_body_same_city FOREIGN KEY (body_id, city_id) REFERENCES cities_body (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE meetings_matter DROP CONSTRAINT matter_body_same_city,
    ADD CONSTRAINT matter_body_same_city FOREIGN KEY (body_id, city_id) REFERENCES cities_body (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE meetings_matteraction DROP CONSTRAINT action_body_same_city,
    ADD CONSTRAINT action_body_same_city FOREIGN KEY (body_id, city_id) REFERENCES cities_body (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE meetings_mattersponsor DROP CONSTRAINT sponsor_member_same_city,
    ADD CONSTRAINT sponsor_member_same_city FOREIGN KEY (member_id, city_id) REFERENCES cities_councilmember (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE meetings_matteraction DROP CONSTRAINT action_mover_same_city,
    ADD CONSTRAINT action_mover_same_city FOREIGN KEY (mover_id, city_id) REFERENCES cities_councilmember (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE meetings_matteraction DROP CONSTRAINT action_seconder_same_city,
    ADD CONSTRAINT action_seconder_same_city FOREIGN KEY (seconder_id, city_id) REFERENCES cities_councilmember (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE meetings_matteraction DROP CONSTRAINT action_meeting_same_city,
    ADD CONSTRAINT action_meeting_same_city FOREIGN KEY (meeting_id, city_id) REFERENCES meetings_meeting (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE meetings_matteraction DROP CONSTRAINT action_item_same_city,
    ADD CONSTRAINT action_item_same_city FOREIGN KEY (agenda_item_id, city_id) REFERENCES meetings_agendaitem (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;
ALTER TABLE meetings_agendaitem DROP CONSTRAINT item_matter_same_city,
    ADD CONSTRAINT item_matter_same_city FOREIGN KEY (matter_id, city_id) REFERENCES meetings_matter (id, city_id)
    DEFERRABLE INITIALLY DEFERRED NOT VALID;

-- The copies of a matter onto its sponsorships are read and written within the matter's city: on Citus a
-- trigger may only touch rows of its own shard's city.
CREATE OR REPLACE FUNCTION meetings_sponsor_copy_matter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT m.last_action_date, m.removed_upstream_at IS NOT NULL
      INTO NEW.matter_last_action_date, NEW.matter_withdrawn
      FROM meetings_matter m
     WHERE m.id = NEW.matter_id AND m.city_id = NEW.city_id;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION meetings_matter_to_sponsors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meetings_mattersponsor
       SET matter_last_action_date = NEW.last_action_date,
           matter_withdrawn = NEW.removed_upstream_at IS NOT NULL
     WHERE matter_id = NEW.id AND city_id = NEW.city_id;
    RETURN NULL;
END $$;
