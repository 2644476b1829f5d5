ALTER TABLE votes_vote DROP CONSTRAINT IF EXISTS vote_seconder_same_city;
ALTER TABLE votes_vote DROP CONSTRAINT IF EXISTS vote_mover_same_city;
ALTER TABLE votes_vote DROP CONSTRAINT IF EXISTS vote_item_same_city;
