-- The statements that cost the database most, from pg_stat_statements (this database only).
-- {order} is a column chosen from a fixed list by cities.query_stats, quoted by psycopg.
SELECT queryid, calls, total_exec_time, mean_exec_time, rows,
       shared_blks_hit, shared_blks_read, left(regexp_replace(query, '\s+', ' ', 'g'), %(width)s) AS query
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND strpos(query, %(containing)s) > 0
ORDER BY {order} DESC
LIMIT %(limit)s
