-- Plain indexes never scanned since the statistics began, and how long that is. Indexes
-- behind a primary key, unique or exclusion constraint, or used as replica identity, are left
-- out: they are needed whatever their scan count. The window starts at the last reset of this
-- database's statistics, or at the server's start when they were never reset. The statistics
-- functions are called directly: the pg_stat_* views cost more to plan than to run here.
-- Sizes come from pg_class.relpages for a relation someone holds or awaits an ACCESS
-- EXCLUSIVE lock on, so that the audit never queues behind DDL.
SELECT n.nspname AS schema_name,
       t.relname AS table_name,
       i.relname AS index_name,
       CASE WHEN i.oid IN (SELECT l.relation FROM pg_locks AS l
                          WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN i.relpages::bigint * current_setting('block_size')::bigint
            ELSE pg_relation_size(i.oid) END AS index_bytes,
       extract(epoch FROM now() - coalesce(
           (SELECT pg_stat_get_db_stat_reset_time(d.oid)
            FROM pg_database AS d
            WHERE d.datname = current_database()),
           pg_postmaster_start_time()))::float8 AS window_seconds
FROM pg_index AS x
JOIN pg_class AS i ON i.oid = x.indexrelid
JOIN pg_class AS t ON t.oid = x.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
WHERE pg_stat_get_numscans(x.indexrelid) = 0
  AND t.relkind IN ('r', 'p', 'm')
  AND x.indisvalid
  AND NOT (x.indisunique OR x.indisprimary OR x.indisexclusion OR x.indisreplident)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = x.indexrelid)
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
ORDER BY 4 DESC, n.nspname, i.relname
