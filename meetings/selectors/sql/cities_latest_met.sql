-- The cities that met most recently: each city's latest held meeting read with one step of
-- meeting_city_date_idx (city_id, meeting_date DESC, id DESC), instead of sorting every meeting.
SELECT c.id
FROM cities_city c
CROSS JOIN LATERAL (
    SELECT mm.meeting_date
    FROM meetings_meeting mm
    WHERE mm.city_id = c.id AND mm.meeting_date <= %(today)s
    ORDER BY mm.meeting_date DESC, mm.id DESC
    LIMIT 1
) latest
ORDER BY latest.meeting_date DESC, c.name
LIMIT %(limit)s
