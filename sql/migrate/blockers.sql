-- The sessions that block backend $1 right now.
SELECT a.pid,
       coalesce(a.application_name, '') AS application_name,
       coalesce(a.state, '') AS state,
       coalesce(a.query, '') AS query
FROM pg_stat_activity AS a
WHERE a.pid = ANY (pg_blocking_pids($1))
ORDER BY a.pid
