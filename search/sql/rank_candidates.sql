-- Relevance within a bounded candidate set (the newest RELEVANCE_CANDIDATES matches): the rank
-- is computed for those rows only, never for every match. meeting_date = ANY(...) prunes to the
-- candidates' months at plan time; id = ANY(...) uses meetingpage_id_idx in each.
-- ts_rank_cd normalization 32 (rank / (rank + 1)) keeps scores in [0, 1).
SELECT ts_rank_cd(p.search_vector, websearch_to_tsquery('english', %(q)s), 32) AS rank,
       p.meeting_date,
       p.id
FROM meetings_meetingpage p
WHERE p.meeting_date = ANY(%(dates)s::date[])
  AND p.id = ANY(%(ids)s::bigint[])
ORDER BY rank DESC, p.meeting_date DESC, p.id DESC
