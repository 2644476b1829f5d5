-- A meeting's agenda items, matched by (city_id, legistar_item_id): new ones inserted, differing ones
-- updated (an item moved to this meeting included), equal ones untouched (no write, no row lock).
-- Items of this meeting that the source no longer lists are kept for the record (votes may hang on them)
-- and flagged removed_upstream_at. Returns how many were created, updated and flagged.
-- Input: a JSON array of rows [item id, sequence, number, title, matter type, file number, consent,
-- matter id, kind], without duplicate item ids (JSON: one parameter, encoded in C, not a dozen arrays).
--
-- Each source row finds its stored row through a LATERAL subquery kept apart by OFFSET 0: one probe of the
-- unique index per row. (During a city's first load the statistics do not know the city yet, and a plain
-- join was planned as a scan of all the city's rows per meeting; the sync also refreshes them as it goes.)
-- Changed rows are updated by id = ANY(...), through the primary key.
WITH src AS (
    SELECT (r->>0)::int AS legistar_item_id, (r->>1)::int AS sequence, r->>2 AS item_number, r->>3 AS title,
           r->>4 AS matter_type, r->>5 AS file_number, (r->>6)::bool AS is_consent,
           (r->>7)::int AS legistar_matter_id, r->>8 AS kind
      FROM jsonb_array_elements(%(items)s::jsonb) AS r
), cur AS (
    SELECT s.*, i.id,
           (i.meeting_id, i.sequence, i.item_number, i.title, i.matter_type, i.file_number, i.is_consent,
            i.legistar_matter_id, i.kind, i.removed_upstream_at)
           IS DISTINCT FROM
           (%(meeting_id)s::bigint, s.sequence, s.item_number, s.title, s.matter_type, s.file_number, s.is_consent,
            s.legistar_matter_id, s.kind, NULL::timestamptz) AS differs
      FROM src s
      LEFT JOIN LATERAL (SELECT * FROM meetings_agendaitem i
                          WHERE i.city_id = %(city_id)s::bigint AND i.legistar_item_id = s.legistar_item_id
                         OFFSET 0) i ON true
), changed AS (
    UPDATE meetings_agendaitem i
       SET meeting_id = %(meeting_id)s::bigint, sequence = c.sequence, item_number = c.item_number,
           title = c.title, matter_type = c.matter_type, file_number = c.file_number, is_consent = c.is_consent,
           legistar_matter_id = c.legistar_matter_id, kind = c.kind, removed_upstream_at = NULL,
           updated_at = statement_timestamp()
      FROM cur c
     WHERE i.id = ANY (ARRAY(SELECT id FROM cur WHERE id IS NOT NULL AND differs)) AND i.id = c.id
    RETURNING i.id
), created AS (
    INSERT INTO meetings_agendaitem (city_id, meeting_id, legistar_item_id, sequence, item_number, title,
                                     description, matter_type, file_number, is_consent, legistar_matter_id, kind,
                                     detail_url, created_at, updated_at)
    SELECT %(city_id)s::bigint, %(meeting_id)s::bigint, c.legistar_item_id, c.sequence, c.item_number, c.title, '',
           c.matter_type, c.file_number, c.is_consent, c.legistar_matter_id, c.kind, '', statement_timestamp(),
           statement_timestamp()
      FROM cur c
     WHERE c.id IS NULL
    RETURNING id
), gone AS (
    UPDATE meetings_agendaitem i
       SET removed_upstream_at = statement_timestamp(), updated_at = statement_timestamp()
     WHERE i.meeting_id = %(meeting_id)s::bigint AND NOT %(meeting_created)s::bool
       AND i.legistar_item_id IS NOT NULL AND i.removed_upstream_at IS NULL
       AND i.legistar_item_id NOT IN (SELECT legistar_item_id FROM src)
    RETURNING i.id
)
SELECT (SELECT count(*) FROM created) AS created,
       (SELECT count(*) FROM changed) AS updated,
       (SELECT count(*) FROM gone) AS removed_upstream;
