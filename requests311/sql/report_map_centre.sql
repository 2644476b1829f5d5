-- The median point of the city's latest 200 requests that have a usable location (not 0,0, in range).
-- servicerequest_city_requested_idx (city_id, requested_at DESC, id DESC), newest first.
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lat) AS lat,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY long) AS long
  FROM (SELECT lat, long
          FROM requests311_servicerequest
         WHERE city_id = %(city_id)s AND deleted_at IS NULL
           AND lat BETWEEN -90 AND 90 AND long BETWEEN -180 AND 180
           AND NOT (abs(lat) < 0.01 AND abs(long) < 0.01)
         ORDER BY requested_at DESC
         LIMIT 200) AS latest;
