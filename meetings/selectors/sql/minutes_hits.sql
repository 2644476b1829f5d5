-- Everything a result row shows, for the shown pages only (at most a page of keys).
-- meeting_date = ANY(...) prunes to the months of the shown rows; id = ANY(...) uses meetingpage_id_idx.
SELECT p.id,
       p.page_number,
       p.meeting_id,
       p.meeting_type,
       p.document_id,
       d.title AS document_title,
       d.source_url AS document_url,
       c.name AS city_name,
       c.city_key,
       ts_headline('english', p.content, websearch_to_tsquery('english', %(q)s), %(options)s) AS headline
FROM meetings_meetingpage p
JOIN meetings_minutesdocument d ON d.id = p.document_id
JOIN cities_city c ON c.id = p.city_id
WHERE p.meeting_date = ANY(%(dates)s::date[])
  AND p.id = ANY(%(ids)s::bigint[])
