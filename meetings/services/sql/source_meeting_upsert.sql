-- One Legistar event as a meeting, matched by (city_id, legistar_event_id): inserted when new, updated
-- only when a value differs, untouched (no write, no row lock) when equal.
-- Times are statement_timestamp(), not now(): two syncs in one transaction (tests) still tell apart
-- what each wrote. Returns its id, whether it was created or updated now, and the minutes link it had before.
WITH src (meeting_date, starts_at, meeting_type, body_name, body_id, location, status, agenda_url, minutes_url,
          video_url, legistar_url, source_modified_at) AS (
    VALUES (%(meeting_date)s::date, %(starts_at)s::timestamptz, %(meeting_type)s::text, %(body_name)s::text,
            %(body_id)s::bigint, %(location)s::text, %(status)s::text, %(agenda_url)s::text, %(minutes_url)s::text,
            %(video_url)s::text, %(legistar_url)s::text, %(source_modified_at)s::timestamptz)
), before AS (
    SELECT m.id, m.minutes_url
      FROM meetings_meeting m
     WHERE m.city_id = %(city_id)s::bigint AND m.legistar_event_id = %(event_id)s::int
), changed AS (
    UPDATE meetings_meeting m
       SET meeting_date = s.meeting_date, starts_at = s.starts_at, meeting_type = s.meeting_type,
           body_name = s.body_name, body_id = s.body_id, location = s.location, status = s.status, agenda_url = s.agenda_url,
           minutes_url = s.minutes_url, video_url = s.video_url, legistar_url = s.legistar_url,
           source_modified_at = s.source_modified_at, updated_at = statement_timestamp()
      FROM src s
     WHERE m.city_id = %(city_id)s::bigint AND m.legistar_event_id = %(event_id)s::int
       AND (m.meeting_date, m.starts_at, m.meeting_type, m.body_name, m.body_id, m.location, m.status,
            m.agenda_url, m.minutes_url, m.video_url, m.legistar_url, m.source_modified_at)
           IS DISTINCT FROM
           (s.meeting_date, s.starts_at, s.meeting_type, s.body_name, s.body_id, s.location, s.status,
            s.agenda_url, s.minutes_url, s.video_url, s.legistar_url, s.source_modified_at)
    RETURNING m.id
), created AS (
    INSERT INTO meetings_meeting (city_id, legistar_event_id, meeting_date, starts_at, meeting_type, body_name,
                                  body_id, location, status, agenda_url, minutes_url, video_url, legistar_url,
                                  source_modified_at, created_at, updated_at)
    SELECT %(city_id)s::bigint, %(event_id)s::int, s.meeting_date, s.starts_at, s.meeting_type, s.body_name,
           s.body_id, s.location, s.status, s.agenda_url, s.minutes_url, s.video_url, s.legistar_url, s.source_modified_at,
           statement_timestamp(), statement_timestamp()
      FROM src s
     WHERE NOT EXISTS (SELECT FROM before)
    RETURNING id
)
SELECT coalesce((SELECT id FROM created), (SELECT id FROM before)) AS id,
       EXISTS (SELECT FROM created) AS created,
       EXISTS (SELECT FROM changed) AS updated,
       (SELECT minutes_url FROM before) AS minutes_before;
