-- How often a member voted like each colleague on split votes.
-- Unique index mv_member_agreement_pair (member_id, other_member_id).
SELECT a.other_member_id, m.full_name, a.split_votes, a.agreed
FROM mv_member_agreement a
JOIN cities_councilmember m ON m.id = a.other_member_id
WHERE a.member_id = %(member_id)s
ORDER BY a.agreed::float / a.split_votes DESC, m.full_name
