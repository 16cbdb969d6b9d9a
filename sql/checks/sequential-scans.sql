-- Scan counters of user tables with their size, and how long the counters have run.
SELECT s.schemaname AS schema_name,
       s.relname AS table_name,
       s.seq_scan,
       coalesce(s.idx_scan, 0) AS idx_scan,
       s.n_live_tup AS live_tuples,
       pg_table_size(s.relid) AS table_bytes,
       extract(epoch FROM now() - coalesce(d.stats_reset, pg_postmaster_start_time()))::float8
           AS window_seconds
FROM pg_stat_user_tables AS s
CROSS JOIN pg_stat_database AS d
WHERE d.datname = current_database()
  AND s.seq_scan > 0
ORDER BY pg_table_size(s.relid) DESC, s.schemaname, s.relname
