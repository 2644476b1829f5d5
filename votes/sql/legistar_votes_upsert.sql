-- One meeting's votes upserted by agenda item (votes_vote_agenda_item_id_key). Written only when a
-- value differs, so unchanged data writes nothing. Returns every source vote's id, its item and
-- what happened to it: created, updated or unchanged.
WITH source AS (
    SELECT *
    FROM unnest(%(agenda_item_id)s::bigint[], %(kind)s::text[], %(action_name)s::text[], %(action_text)s::text[],
                %(passed)s::boolean[], %(tally)s::text[], %(yes_count)s::int[], %(no_count)s::int[],
                %(absent_count)s::int[], %(abstain_count)s::int[], %(mover_id)s::bigint[], %(seconder_id)s::bigint[],
                %(mover_name)s::text[], %(seconder_name)s::text[])
        AS s (agenda_item_id, kind, action_name, action_text, passed, tally, yes_count, no_count, absent_count,
              abstain_count, mover_id, seconder_id, mover_name, seconder_name)
),
written AS (
    INSERT INTO votes_vote AS vote (
        city_id, agenda_item_id, meeting_date, kind, action_name, action_text, passed, tally, yes_count,
        no_count, absent_count, abstain_count, mover_id, seconder_id, mover_name, seconder_name, vote_date,
        created_at, updated_at)
    SELECT %(city_id)s, agenda_item_id, %(meeting_date)s, kind, action_name, action_text, passed, tally, yes_count,
           no_count, absent_count, abstain_count, mover_id, seconder_id, mover_name, seconder_name, NULL,
           now(), now()
    FROM source
    ON CONFLICT (agenda_item_id) DO UPDATE
    SET meeting_date = EXCLUDED.meeting_date, kind = EXCLUDED.kind, action_name = EXCLUDED.action_name,
        action_text = EXCLUDED.action_text, passed = EXCLUDED.passed, tally = EXCLUDED.tally,
        yes_count = EXCLUDED.yes_count, no_count = EXCLUDED.no_count, absent_count = EXCLUDED.absent_count,
        abstain_count = EXCLUDED.abstain_count, mover_id = EXCLUDED.mover_id, seconder_id = EXCLUDED.seconder_id,
        mover_name = EXCLUDED.mover_name, seconder_name = EXCLUDED.seconder_name, updated_at = now()
    WHERE (vote.meeting_date, vote.kind, vote.action_name, vote.action_text, vote.passed, vote.tally,
           vote.yes_count, vote.no_count, vote.absent_count, vote.abstain_count, vote.mover_id, vote.seconder_id,
           vote.mover_name, vote.seconder_name)
          IS DISTINCT FROM
          (EXCLUDED.meeting_date, EXCLUDED.kind, EXCLUDED.action_name, EXCLUDED.action_text, EXCLUDED.passed,
           EXCLUDED.tally, EXCLUDED.yes_count, EXCLUDED.no_count, EXCLUDED.absent_count, EXCLUDED.abstain_count,
           EXCLUDED.mover_id, EXCLUDED.seconder_id, EXCLUDED.mover_name, EXCLUDED.seconder_name)
    RETURNING vote.id, vote.agenda_item_id, vote.xmax = 0 AS inserted
)
SELECT id, agenda_item_id, CASE WHEN inserted THEN 'created' ELSE 'updated' END
FROM written
UNION ALL
SELECT vote.id, vote.agenda_item_id, 'unchanged'
FROM votes_vote vote
JOIN source USING (agenda_item_id)
WHERE vote.agenda_item_id NOT IN (SELECT agenda_item_id FROM written)
