-- A term's city is its member's city.
ALTER TABLE cities_term
    ADD CONSTRAINT term_member_same_city FOREIGN KEY (member_id, city_id)
    REFERENCES cities_councilmember (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
