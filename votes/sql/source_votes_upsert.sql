-- The decisions on a meeting's items and the roll calls behind them, in one statement.
-- Votes: one per agenda item (the item found by its source id). Member votes: one per (vote, member),
-- the unique key (city_id, vote_id, member_id). New rows inserted, differing ones updated (a vote's changed
-- meeting_date cascades to its member votes), equal ones untouched (no write, no row lock).
-- A vote created here has no member votes yet: only those of votes that existed are looked up.
-- Returns how many votes and member votes were created and updated.
-- Input: JSON arrays of rows (one parameter each, encoded in C, not a dozen arrays): votes [item id, kind,
-- action name, action text, passed, tally, yes, no, absent, abstain, excused, recused, not voting, mover id,
-- seconder id, mover name, seconder name], no duplicate item ids; ballots [item id, member id, choice, raw value, raw name], no
-- duplicate (item, member), each item among the votes.
-- Lookups are LATERAL ... OFFSET 0, one index probe per row (see legistar_items_upsert.sql). Changed rows
-- are updated by id = ANY(...): the primary key (or, for member votes, the id index of each partition)
-- whatever the statistics say.
WITH src AS (
    SELECT i.id AS agenda_item_id, s.*
      FROM (SELECT (r->>0)::int AS legistar_item_id, r->>1 AS kind, r->>2 AS action_name, r->>3 AS action_text,
                   (r->>4)::bool AS passed, r->>5 AS tally, (r->>6)::smallint AS yes_count,
                   (r->>7)::smallint AS no_count, (r->>8)::smallint AS absent_count,
                   (r->>9)::smallint AS abstain_count, (r->>10)::smallint AS excused_count,
                   (r->>11)::smallint AS recused_count, (r->>12)::smallint AS not_voting_count,
                   (r->>13)::bigint AS mover_id, (r->>14)::bigint AS seconder_id,
                   r->>15 AS mover_name, r->>16 AS seconder_name
              FROM jsonb_array_elements(%(votes)s::jsonb) AS r) s
      JOIN LATERAL (SELECT i.id FROM meetings_agendaitem i
                     WHERE i.city_id = %(city_id)s::bigint AND i.legistar_item_id = s.legistar_item_id
                    OFFSET 0) i ON true
), cur AS (
    SELECT s.*, v.id,
           (v.meeting_date, v.kind, v.action_name, v.action_text, v.passed, v.tally, v.yes_count, v.no_count,
            v.absent_count, v.abstain_count, v.excused_count, v.recused_count, v.not_voting_count, v.mover_id,
            v.seconder_id, v.mover_name, v.seconder_name)
           IS DISTINCT FROM
           (%(meeting_date)s::date, s.kind, s.action_name, s.action_text, s.passed, s.tally, s.yes_count, s.no_count,
            s.absent_count, s.abstain_count, s.excused_count, s.recused_count, s.not_voting_count, s.mover_id,
            s.seconder_id, s.mover_name, s.seconder_name) AS differs
      FROM src s
      LEFT JOIN LATERAL (SELECT * FROM votes_vote v WHERE v.agenda_item_id = s.agenda_item_id OFFSET 0) v ON true
), changed AS (
    UPDATE votes_vote v
       SET meeting_date = %(meeting_date)s::date, kind = c.kind, action_name = c.action_name,
           action_text = c.action_text, passed = c.passed, tally = c.tally, yes_count = c.yes_count,
           no_count = c.no_count, absent_count = c.absent_count, abstain_count = c.abstain_count,
           excused_count = c.excused_count, recused_count = c.recused_count, not_voting_count = c.not_voting_count,
           mover_id = c.mover_id, seconder_id = c.seconder_id, mover_name = c.mover_name,
           seconder_name = c.seconder_name, updated_at = statement_timestamp()
      FROM cur c
     WHERE v.id = ANY (ARRAY(SELECT id FROM cur WHERE id IS NOT NULL AND differs)) AND v.id = c.id
    RETURNING v.id
), created AS (
    INSERT INTO votes_vote (city_id, agenda_item_id, meeting_date, kind, action_name, action_text, passed, tally,
                            yes_count, no_count, absent_count, abstain_count, excused_count, recused_count,
                            not_voting_count, mover_id, seconder_id, mover_name, seconder_name, created_at, updated_at)
    SELECT %(city_id)s::bigint, c.agenda_item_id, %(meeting_date)s::date, c.kind, c.action_name, c.action_text,
           c.passed, c.tally, c.yes_count, c.no_count, c.absent_count, c.abstain_count, c.excused_count,
           c.recused_count, c.not_voting_count, c.mover_id, c.seconder_id, c.mover_name, c.seconder_name,
           statement_timestamp(), statement_timestamp()
      FROM cur c
     WHERE c.id IS NULL
    RETURNING id, agenda_item_id
), ballots AS (
    SELECT coalesce(c.id, n.id) AS vote_id, c.id IS NOT NULL AS vote_existed, b.member_id, b.vote_choice,
           b.raw_value, b.raw_member_name
      FROM (SELECT (r->>0)::int AS legistar_item_id, (r->>1)::bigint AS member_id, r->>2 AS vote_choice,
                   r->>3 AS raw_value, r->>4 AS raw_member_name
              FROM jsonb_array_elements(%(ballots)s::jsonb) AS r) b
      JOIN cur c ON c.legistar_item_id = b.legistar_item_id
      LEFT JOIN created n ON n.agenda_item_id = c.agenda_item_id
), ballots_cur AS (
    SELECT b.*, mv.id,
           (mv.vote_choice, mv.raw_value, mv.raw_member_name)
           IS DISTINCT FROM (b.vote_choice, b.raw_value, b.raw_member_name) AS differs
      FROM ballots b
      LEFT JOIN LATERAL (SELECT mv.id, mv.vote_choice, mv.raw_value, mv.raw_member_name
                           FROM votes_membervote mv
                          WHERE b.vote_existed AND mv.city_id = %(city_id)s::bigint AND mv.vote_id = b.vote_id
                            AND mv.member_id = b.member_id
                         OFFSET 0) mv ON true
), ballots_changed AS (
    UPDATE votes_membervote mv
       SET vote_choice = c.vote_choice, raw_value = c.raw_value, raw_member_name = c.raw_member_name,
           updated_at = statement_timestamp()
      FROM ballots_cur c
     WHERE mv.id = ANY (ARRAY(SELECT id FROM ballots_cur WHERE id IS NOT NULL AND differs)) AND mv.id = c.id
    RETURNING mv.id
), ballots_created AS (
    INSERT INTO votes_membervote (city_id, vote_id, member_id, vote_choice, raw_value, raw_member_name,
                                  meeting_date)
    SELECT %(city_id)s::bigint, c.vote_id, c.member_id, c.vote_choice, c.raw_value, c.raw_member_name,
           %(meeting_date)s::date
      FROM ballots_cur c
     WHERE c.id IS NULL
    RETURNING id
)
SELECT (SELECT count(*) FROM created) AS created, (SELECT count(*) FROM changed) AS updated,
       (SELECT count(*) FROM ballots_created) AS ballots_created,
       (SELECT count(*) FROM ballots_changed) AS ballots_updated;
