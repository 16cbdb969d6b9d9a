-- The sessions holding the runner lock in this database.
SELECT a.pid,
       coalesce(a.application_name, '') AS application_name,
       coalesce(a.state, '') AS state,
       coalesce(a.query, '') AS query
FROM pg_locks AS l
JOIN pg_stat_activity AS a ON a.pid = l.pid
WHERE l.locktype = 'advisory'
  AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = ($1::bigint >> 32)
  AND l.objid::bigint = ($1::bigint & 4294967295)
  AND l.objsubid = 1
ORDER BY a.pid
