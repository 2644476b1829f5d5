-- Each table that grows with a city is keyed (id, city_id): see cities/migrations/sql/0013. One vote per
-- agenda item is held as UNIQUE (agenda_item_id, city_id), the same rule since an item has one city.
ALTER TABLE votes_vote DROP CONSTRAINT votes_vote_agenda_item_id_key;
ALTER TABLE votes_vote ADD CONSTRAINT vote_one_per_item UNIQUE (agenda_item_id, city_id);
SELECT set_primary_key('votes_vote', '{id,city_id}');
SELECT set_primary_key('votes_votevaluemapping', '{id,city_id}');
