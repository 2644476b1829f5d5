-- Links both sides now have, written only where they differ (a second run writes nothing):
-- agenda items to their matters (by the source's matter id), actions to their meeting (by the source's event
-- id) and to the agenda item their matter was on there, and each matter's latest-action date.
-- Scope: %(matter_ids)s (after a write of those matters) or %(meeting_id)s (after a write of that meeting).
-- Data-modifying CTEs share one snapshot: the action links find their item by the source's matter id, not
-- by the item link being made beside them.
WITH scoped_matters AS (
    SELECT m.id, m.legistar_matter_id
      FROM meetings_matter m
     WHERE m.city_id = %(city_id)s::bigint
       AND (%(matter_ids)s::bigint[] IS NULL OR m.id = ANY (%(matter_ids)s::bigint[]))
       AND (%(meeting_id)s::bigint IS NULL OR m.legistar_matter_id IN (
                SELECT i.legistar_matter_id FROM meetings_agendaitem i WHERE i.meeting_id = %(meeting_id)s::bigint))
), item_links AS (
    UPDATE meetings_agendaitem i
       SET matter_id = m.id, updated_at = statement_timestamp()
      FROM scoped_matters m
     WHERE i.city_id = %(city_id)s::bigint AND i.legistar_matter_id = m.legistar_matter_id
       AND (%(meeting_id)s::bigint IS NULL OR i.meeting_id = %(meeting_id)s::bigint)
       AND i.matter_id IS DISTINCT FROM m.id
    RETURNING i.id
), wanted AS (
    SELECT a.id, mt.id AS meeting_id,
           (SELECT i.id FROM meetings_agendaitem i
             WHERE i.meeting_id = mt.id AND i.legistar_matter_id = sm.legistar_matter_id
               AND i.removed_upstream_at IS NULL
             ORDER BY i.sequence, i.id LIMIT 1) AS agenda_item_id
      FROM meetings_matteraction a
      JOIN meetings_matter sm ON sm.id = a.matter_id
      LEFT JOIN meetings_meeting mt ON mt.city_id = a.city_id AND mt.legistar_event_id = a.legistar_event_id
     WHERE a.city_id = %(city_id)s::bigint AND a.legistar_event_id IS NOT NULL
       AND ((%(matter_ids)s::bigint[] IS NOT NULL AND a.matter_id = ANY (%(matter_ids)s::bigint[]))
            OR (%(meeting_id)s::bigint IS NOT NULL AND mt.id = %(meeting_id)s::bigint))
), action_links AS (
    UPDATE meetings_matteraction a
       SET meeting_id = w.meeting_id, agenda_item_id = w.agenda_item_id, updated_at = statement_timestamp()
      FROM wanted w
     WHERE a.id = w.id AND (a.meeting_id, a.agenda_item_id) IS DISTINCT FROM (w.meeting_id, w.agenda_item_id)
    RETURNING a.id
), latest AS (
    -- The latest action's date, or the introduction's for a matter with no history yet (else as it was).
    UPDATE meetings_matter m
       SET last_action_date = x.latest, updated_at = statement_timestamp()
      FROM (SELECT m2.id, coalesce(max(a.action_date), m2.intro_date, m2.last_action_date) AS latest
              FROM meetings_matter m2
              LEFT JOIN meetings_matteraction a ON a.matter_id = m2.id
             WHERE %(matter_ids)s::bigint[] IS NOT NULL AND m2.id = ANY (%(matter_ids)s::bigint[])
             GROUP BY m2.id, m2.intro_date, m2.last_action_date) x
     WHERE m.id = x.id AND m.last_action_date IS DISTINCT FROM x.latest
    RETURNING m.id
)
SELECT (SELECT count(*) FROM item_links), (SELECT count(*) FROM action_links), (SELECT count(*) FROM latest);
