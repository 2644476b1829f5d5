-- A membership's city is its member's and its body's.
ALTER TABLE cities_membership
    ADD CONSTRAINT membership_member_same_city FOREIGN KEY (member_id, city_id)
    REFERENCES cities_councilmember (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT membership_body_same_city FOREIGN KEY (body_id, city_id)
    REFERENCES cities_body (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
