-- Client sessions of this database other than the audit's own: how long the current query
-- has run and how long the session has been idle in a transaction. Without pg_read_all_stats
-- (pg_monitor) another role's session shows a NULL state; those are counted apart.
SELECT a.pid,
       coalesce(a.usename::text, '') AS user_name,
       coalesce(a.datname::text, '') AS database_name,
       a.state,
       coalesce(extract(epoch FROM now() - a.query_start)::float8, 0) AS query_seconds,
       coalesce(extract(epoch FROM now() - a.state_change)::float8, 0) AS state_seconds,
       left(btrim(regexp_replace(coalesce(a.query, ''), '\s+', ' ', 'g')), 120) AS query
FROM pg_stat_activity AS a
WHERE a.backend_type = 'client backend'
  AND (a.datname = current_database() OR a.datname IS NULL)
  AND a.pid <> pg_backend_pid()
ORDER BY a.pid
