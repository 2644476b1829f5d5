-- Public attachments of a meeting's items, matched by (city_id, legistar_attachment_id); the item by its
-- source id. New ones inserted, differing ones updated, equal ones untouched (no write, no row lock).
-- An attachment belongs to a matter, and a matter comes back on several meetings' agendas: the document
-- stays with the item it was first stored under (moving it to each new listing would make every run
-- rewrite it); its title, link and type follow the source. Sync processes that store two of those meetings
-- at once both find it missing: the later insert waits for the first and leaves its row be.
-- Input: a JSON array of rows [item id, attachment id, title, url, type], no duplicate attachment ids.
-- Returns how many were created and updated.
-- Lookups are LATERAL ... OFFSET 0, one index probe per row (see legistar_items_upsert.sql).
WITH src AS (
    SELECT i.id AS agenda_item_id, s.legistar_attachment_id, s.title, s.url, s.document_type
      FROM (SELECT (r->>0)::int AS legistar_item_id, (r->>1)::int AS legistar_attachment_id, r->>2 AS title,
                   r->>3 AS url, r->>4 AS document_type
              FROM jsonb_array_elements(%(documents)s::jsonb) AS r) s
      JOIN LATERAL (SELECT i.id FROM meetings_agendaitem i
                     WHERE i.city_id = %(city_id)s::bigint AND i.legistar_item_id = s.legistar_item_id
                    OFFSET 0) i ON true
), cur AS (
    SELECT s.*, d.id,
           (d.title, d.url, d.document_type) IS DISTINCT FROM (s.title, s.url, s.document_type) AS differs
      FROM src s
      LEFT JOIN LATERAL (SELECT * FROM meetings_document d
                          WHERE d.city_id = %(city_id)s::bigint AND d.legistar_attachment_id = s.legistar_attachment_id
                         OFFSET 0) d ON true
), changed AS (
    UPDATE meetings_document d
       SET title = c.title, url = c.url, document_type = c.document_type,
           updated_at = statement_timestamp()
      FROM cur c
     WHERE d.id = ANY (ARRAY(SELECT id FROM cur WHERE id IS NOT NULL AND differs)) AND d.id = c.id
    RETURNING d.id
), created AS (
    INSERT INTO meetings_document (city_id, agenda_item_id, legistar_attachment_id, title, url, document_type,
                                   created_at, updated_at)
    SELECT %(city_id)s::bigint, c.agenda_item_id, c.legistar_attachment_id, c.title, c.url, c.document_type,
           statement_timestamp(), statement_timestamp()
      FROM cur c
     WHERE c.id IS NULL
        ON CONFLICT (city_id, legistar_attachment_id) DO NOTHING  -- another sync process listed it first
    RETURNING id
)
SELECT (SELECT count(*) FROM created) AS created, (SELECT count(*) FROM changed) AS updated;
