-- Buffer cache hits against reads from disk, for the database and for user tables and indexes.
SELECT d.blks_hit AS database_hits,
       d.blks_read AS database_reads,
       t.heap_hits,
       t.heap_reads,
       t.index_hits,
       t.index_reads
FROM pg_stat_database AS d,
     (SELECT coalesce(sum(heap_blks_hit), 0)::bigint AS heap_hits,
             coalesce(sum(heap_blks_read), 0)::bigint AS heap_reads,
             coalesce(sum(idx_blks_hit), 0)::bigint AS index_hits,
             coalesce(sum(idx_blks_read), 0)::bigint AS index_reads
      FROM pg_statio_user_tables) AS t
WHERE d.datname = current_database()
