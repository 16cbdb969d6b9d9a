-- Whether this very backend holds the runner lock: false behind a transaction-mode pooler,
-- where the next statement may reach another server session.
SELECT EXISTS (
    SELECT 1
    FROM pg_locks AS l
    WHERE l.locktype = 'advisory'
      AND l.granted
      AND l.pid = pg_backend_pid()
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid::bigint = ($1::bigint >> 32)
      AND l.objid::bigint = ($1::bigint & 4294967295)
      AND l.objsubid = 1
) AS held
