-- Approximate rows per monthly partition of meetings_meetingpage (statistics, no scan).
SELECT to_date(right(child.relname, 7), 'YYYY_MM') AS month_start, child.reltuples::float AS pages
FROM pg_inherits
JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
JOIN pg_class child ON child.oid = pg_inherits.inhrelid
WHERE parent.relname = 'meetings_meetingpage' AND child.relname ~ '_[0-9]{4}_[0-9]{2}$'
