-- A vote's city is its item's city (and so its meeting's), and mover/seconder sit on that council.
ALTER TABLE votes_vote
    ADD CONSTRAINT vote_item_same_city FOREIGN KEY (agenda_item_id, city_id)
    REFERENCES meetings_agendaitem (id, city_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE votes_vote
    ADD CONSTRAINT vote_mover_same_city FOREIGN KEY (mover_id, city_id)
    REFERENCES cities_councilmember (id, city_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE votes_vote
    ADD CONSTRAINT vote_seconder_same_city FOREIGN KEY (seconder_id, city_id)
    REFERENCES cities_councilmember (id, city_id) DEFERRABLE INITIALLY DEFERRED;
