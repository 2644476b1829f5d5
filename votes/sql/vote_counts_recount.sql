-- The counts and tally of the given votes, counted again from their member votes after a staff correction.
-- `passed` stays as the source stated it (super-majorities, vetoes): the item page says when they disagree.
-- Member votes of each vote are found by membervote_unique_member_per_vote (city_id, vote_id, member_id).
UPDATE votes_vote v
SET yes_count = c.yes,
    no_count = c.no,
    absent_count = c.absent,
    abstain_count = c.abstain,
    excused_count = c.excused,
    recused_count = c.recused,
    not_voting_count = c.not_voting,
    tally = c.yes || '-' || c.no,
    updated_at = now()
FROM (
    SELECT v2.id,
           count(*) FILTER (WHERE mv.vote_choice = 'Yes') AS yes,
           count(*) FILTER (WHERE mv.vote_choice = 'No') AS no,
           count(*) FILTER (WHERE mv.vote_choice = 'Absent') AS absent,
           count(*) FILTER (WHERE mv.vote_choice = 'Abstain') AS abstain,
           count(*) FILTER (WHERE mv.vote_choice = 'Excused') AS excused,
           count(*) FILTER (WHERE mv.vote_choice = 'Recused') AS recused,
           count(*) FILTER (WHERE mv.vote_choice = 'Not voting') AS not_voting
    FROM votes_vote v2
    LEFT JOIN votes_membervote mv ON mv.city_id = v2.city_id AND mv.vote_id = v2.id
    WHERE v2.id = ANY(%(vote_ids)s::bigint[])
    GROUP BY v2.id
) c
WHERE v.id = c.id
