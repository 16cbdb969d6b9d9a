-- Plain indexes never scanned since the statistics began, and how long that is. Indexes
-- behind a primary key, unique or exclusion constraint, or used as replica identity, are left
-- out: they are needed whatever their scan count. The window starts at the last reset of this
-- database's statistics, or at the server's start when they were never reset. The statistics
-- functions are called directly: the pg_stat_* views cost more to plan than to run here.
-- Sizes come from pg_class.relpages for a relation someone holds or awaits an ACCESS
-- EXCLUSIVE lock on, so that the audit never queues behind DDL. A partitioned table's index
-- is one finding: scanned when any partition's index was, its size theirs (from relpages).
SELECT n.nspname AS schema_name,
       t.relname AS table_name,
       i.relname AS index_name,
       CASE WHEN i.relkind = 'I'
            THEN (SELECT coalesce(sum(p.relpages), 0)::bigint
                  FROM pg_partition_tree(i.oid) AS pt
                  JOIN pg_class AS p ON p.oid = pt.relid)
                 * current_setting('block_size')::bigint
            WHEN i.oid IN (SELECT l.relation FROM pg_locks AS l
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
WHERE CASE WHEN i.relkind = 'I'
           THEN (SELECT coalesce(sum(pg_stat_get_numscans(pt.relid)), 0)
                 FROM pg_partition_tree(i.oid) AS pt)
           ELSE pg_stat_get_numscans(x.indexrelid) END = 0
  -- A partition's index is judged with its parent's: scans of any partition count, and it
  -- cannot be dropped on its own.
  AND NOT i.relispartition
  AND t.relkind IN ('r', 'p', 'm')
  AND x.indisvalid
  AND NOT (x.indisunique OR x.indisprimary OR x.indisexclusion OR x.indisreplident)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = x.indexrelid)
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
ORDER BY 4 DESC, n.nspname, i.relname
