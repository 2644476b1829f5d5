SELECT set_primary_key('votes_votevaluemapping', '{id}');
SELECT set_primary_key('votes_vote', '{id}');
ALTER TABLE votes_vote DROP CONSTRAINT vote_one_per_item;
ALTER TABLE votes_vote ADD CONSTRAINT votes_vote_agenda_item_id_key UNIQUE (agenda_item_id);
