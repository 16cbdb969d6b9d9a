-- The session holding the refresh lock, if any.
SELECT a.pid
FROM pg_locks AS l
JOIN pg_stat_activity AS a ON a.pid = l.pid
WHERE l.locktype = 'advisory'
  AND l.granted
  AND (l.classid::bigint << 32) | l.objid::bigint = $1::bigint
LIMIT 1
