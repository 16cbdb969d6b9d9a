-- Scan counters of user tables with their size, and how long the counters have run.
-- Sizes come from pg_class.relpages for a relation someone holds or awaits an ACCESS
-- EXCLUSIVE lock on, so that the audit never queues behind DDL.
SELECT s.schemaname AS schema_name,
       s.relname AS table_name,
       s.seq_scan,
       coalesce(s.idx_scan, 0) AS idx_scan,
       s.n_live_tup AS live_tuples,
       CASE WHEN c.oid IN (SELECT l.relation FROM pg_locks AS l
                            WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN c.relpages::bigint * current_setting('block_size')::bigint
            ELSE pg_table_size(c.oid) END AS table_bytes,
       extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time()))::float8
           AS window_seconds
FROM pg_stat_user_tables AS s
JOIN pg_class AS c ON c.oid = s.relid
CROSS JOIN pg_stat_database AS d
WHERE d.datname = current_database()
  AND s.seq_scan > 0
ORDER BY s.schemaname, s.relname
