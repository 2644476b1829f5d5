-- Back to the four choices: the new ones become Absent (excused, not voting) or Abstain (recused).
UPDATE votes_membervote SET vote_choice = CASE vote_choice WHEN 'Recused' THEN 'Abstain' ELSE 'Absent' END
    WHERE vote_choice IN ('Recused', 'Excused', 'Not voting');
ALTER TABLE votes_membervote DROP CONSTRAINT votes_membervote_vote_choice_check;
ALTER TABLE votes_membervote ADD CONSTRAINT votes_membervote_vote_choice_check
    CHECK (vote_choice IN ('Yes', 'No', 'Absent', 'Abstain', 'Unknown'));
DROP MATERIALIZED VIEW mv_member_voting_summary;
CREATE MATERIALIZED VIEW mv_member_voting_summary AS
WITH vote_majority AS (
    SELECT city_id, vote_id,
           CASE
               WHEN count(*) FILTER (WHERE vote_choice = 'Yes') > count(*) FILTER (WHERE vote_choice = 'No') THEN 'Yes'
               WHEN count(*) FILTER (WHERE vote_choice = 'No') > count(*) FILTER (WHERE vote_choice = 'Yes') THEN 'No'
           END AS majority
    FROM votes_membervote
    GROUP BY city_id, vote_id
)
SELECT
    mv.member_id * 10000 + EXTRACT(YEAR FROM mv.meeting_date)::int AS id,
    mv.member_id,
    mv.city_id,
    EXTRACT(YEAR FROM mv.meeting_date)::int AS vote_year,
    count(*)::int AS total_votes,
    (count(*) FILTER (WHERE mv.vote_choice = 'Yes'))::int AS yes_votes,
    (count(*) FILTER (WHERE mv.vote_choice = 'No'))::int AS no_votes,
    (count(*) FILTER (WHERE mv.vote_choice = 'Absent'))::int AS absent_count,
    (count(*) FILTER (WHERE mv.vote_choice = 'Abstain'))::int AS abstain_count,
    (count(*) FILTER (WHERE vm.majority IS NOT NULL AND mv.vote_choice IN ('Yes', 'No')))::int AS majority_eligible,
    (count(*) FILTER (WHERE mv.vote_choice = vm.majority))::int AS with_majority
FROM votes_membervote mv
JOIN vote_majority vm ON vm.city_id = mv.city_id AND vm.vote_id = mv.vote_id
GROUP BY mv.member_id, mv.city_id, EXTRACT(YEAR FROM mv.meeting_date);

CREATE UNIQUE INDEX mv_member_voting_summary_member_year ON mv_member_voting_summary (member_id, vote_year);
CREATE UNIQUE INDEX mv_member_voting_summary_id ON mv_member_voting_summary (id);
CREATE INDEX mv_member_voting_summary_city ON mv_member_voting_summary (city_id, vote_year);
