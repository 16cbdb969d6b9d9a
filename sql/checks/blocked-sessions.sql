-- Sessions of this database waiting for a lock, the sessions blocking them (pg_blocking_pids
-- covers every lock type), and how long they have waited.
SELECT a.pid,
       pg_blocking_pids(a.pid) AS blocked_by,
       coalesce(a.usename::text, '') AS user_name,
       coalesce(a.datname::text, '') AS database_name,
       coalesce(a.wait_event_type, '') AS wait_event_type,
       coalesce(extract(epoch FROM now() - a.state_change)::float8, 0) AS waiting_seconds,
       left(btrim(regexp_replace(coalesce(a.query, ''), '\s+', ' ', 'g')), 120) AS query
FROM pg_stat_activity AS a
WHERE a.pid <> pg_backend_pid()
  AND a.datname = current_database()
  AND cardinality(pg_blocking_pids(a.pid)) > 0
ORDER BY a.pid
