-- The latest held meetings of each city: one short backward walk of meeting_city_date_idx
-- (city_id, meeting_date DESC, id DESC) per city, instead of ranking every meeting.
SELECT m.*
FROM cities_city c
CROSS JOIN LATERAL (
    SELECT *
    FROM meetings_meeting mm
    WHERE mm.city_id = c.id AND mm.meeting_date <= %(today)s
    ORDER BY mm.meeting_date DESC, mm.id DESC
    LIMIT %(latest)s
) m
WHERE c.id = ANY(%(city_ids)s)
ORDER BY m.city_id, m.meeting_date DESC, m.id DESC
