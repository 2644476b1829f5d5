-- One meeting's agenda items upserted by Legistar id (item_unique_legistar_item: city_id,
-- legistar_item_id). A row is written only when a value differs (IS DISTINCT FROM), so a re-run
-- over unchanged data writes nothing, not even updated_at. Returns every source item's id and
-- what happened to it: created, updated or unchanged.
WITH source AS (
    SELECT *
    FROM unnest(%(legistar_item_id)s::int[], %(sequence)s::int[], %(item_number)s::text[], %(title)s::text[],
                %(matter_type)s::text[], %(file_number)s::text[], %(is_consent)s::boolean[],
                %(legistar_matter_id)s::int[])
        AS s (legistar_item_id, sequence, item_number, title, matter_type, file_number, is_consent,
              legistar_matter_id)
),
written AS (
    INSERT INTO meetings_agendaitem AS item (
        city_id, meeting_id, legistar_item_id, sequence, item_number, title, description, matter_type,
        file_number, is_consent, legistar_matter_id, detail_url, removed_upstream_at, created_at, updated_at)
    SELECT %(city_id)s, %(meeting_id)s, legistar_item_id, sequence, item_number, title, '', matter_type,
           file_number, is_consent, legistar_matter_id, '', NULL, now(), now()
    FROM source
    ON CONFLICT (city_id, legistar_item_id) DO UPDATE
    SET meeting_id = EXCLUDED.meeting_id, sequence = EXCLUDED.sequence, item_number = EXCLUDED.item_number,
        title = EXCLUDED.title, matter_type = EXCLUDED.matter_type, file_number = EXCLUDED.file_number,
        is_consent = EXCLUDED.is_consent, legistar_matter_id = EXCLUDED.legistar_matter_id,
        removed_upstream_at = NULL, updated_at = now()
    WHERE (item.meeting_id, item.sequence, item.item_number, item.title, item.matter_type, item.file_number,
           item.is_consent, item.legistar_matter_id, item.removed_upstream_at)
          IS DISTINCT FROM
          (EXCLUDED.meeting_id, EXCLUDED.sequence, EXCLUDED.item_number, EXCLUDED.title, EXCLUDED.matter_type,
           EXCLUDED.file_number, EXCLUDED.is_consent, EXCLUDED.legistar_matter_id, NULL::timestamptz)
    RETURNING item.id, item.legistar_item_id, item.xmax = 0 AS inserted
)
SELECT id, legistar_item_id, CASE WHEN inserted THEN 'created' ELSE 'updated' END
FROM written
UNION ALL
SELECT item.id, item.legistar_item_id, 'unchanged'
FROM meetings_agendaitem item
JOIN source USING (legistar_item_id)
WHERE item.city_id = %(city_id)s
  AND item.legistar_item_id NOT IN (SELECT legistar_item_id FROM written)
