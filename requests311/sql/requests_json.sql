-- GeoReport v2 requests as one JSON text, built by PostgreSQL: up to 1,000 rows per answer cost
-- more to turn into Python objects than to find. The subquery is the filtered, ordered, limited
-- selection of public columns (index servicerequest_city_requested_idx); no reporter contact in it.
SELECT coalesce(json_agg(json_build_object(
    'service_request_id', r.sid::text,
    'status', CASE WHEN r.st = 'closed' THEN 'closed' ELSE 'open' END,
    'status_notes', nullif(r.notes, ''),
    'service_name', r.sname,
    'service_code', r.scode,
    'description', nullif(r.descr, ''),
    'agency_responsible', nullif(r.agency, ''),
    'service_notice', nullif(r.notice, ''),
    'requested_datetime', to_char(r.requested AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
    'updated_datetime', to_char(r.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
    'expected_datetime', to_char(r.expected AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
    'address', nullif(r.addr, ''),
    'address_id', nullif(r.addr_id, ''),
    'zipcode', nullif(r.zip, ''),
    'lat', round(r.lat_::numeric, {decimals})::float8,  -- the public precision (PUBLIC_COORDINATE_DECIMALS)
    'long', round(r.lng::numeric, {decimals})::float8,
    'media_url', nullif(r.media, '')
) ORDER BY r.requested DESC, r.sid DESC), '[]'::json)::text
FROM ({inner}) AS r
