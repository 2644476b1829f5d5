ALTER TABLE cities_membership
    DROP CONSTRAINT membership_member_same_city,
    DROP CONSTRAINT membership_body_same_city;
-- The terms table is back (this migration's DeleteModel, reversed first): its same-city key with it.
ALTER TABLE cities_term
    ADD CONSTRAINT term_member_same_city FOREIGN KEY (member_id, city_id)
    REFERENCES cities_councilmember (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
