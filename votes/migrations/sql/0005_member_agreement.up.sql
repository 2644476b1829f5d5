-- Agreement between colleagues on split votes (some Yes and some No), both having voted Yes or No.
-- Refreshed with mv_member_voting_summary (votes.services.member_voting_summary_refresh).
CREATE MATERIALIZED VIEW mv_member_agreement AS
SELECT me.city_id,
       me.member_id,
       other.member_id AS other_member_id,
       count(*)::int AS split_votes,
       (count(*) FILTER (WHERE other.vote_choice = me.vote_choice))::int AS agreed
FROM votes_membervote me
JOIN votes_vote v ON v.id = me.vote_id AND v.city_id = me.city_id
JOIN votes_membervote other
  ON other.city_id = me.city_id AND other.vote_id = me.vote_id AND other.member_id <> me.member_id
WHERE v.yes_count > 0 AND v.no_count > 0
  AND me.vote_choice IN ('Yes', 'No') AND other.vote_choice IN ('Yes', 'No')
GROUP BY me.city_id, me.member_id, other.member_id;

CREATE UNIQUE INDEX mv_member_agreement_pair ON mv_member_agreement (member_id, other_member_id);
