-- Tables of the user schemas for the audit's data volumes: the planner's row estimate, sizes
-- and maintenance counters. Unlike `stats`, the audit never counts rows, and it reads sizes
-- from pg_class.relpages for a relation someone holds or awaits an ACCESS EXCLUSIVE lock on,
-- so that it never queues behind DDL. Partitioned tables sum their partitions' pages.
WITH locked AS (
    SELECT l.relation FROM pg_locks AS l WHERE l.mode = 'AccessExclusiveLock'
                                           AND l.relation IS NOT NULL
)
SELECT v.*
FROM (
    SELECT n.nspname AS schema_name,
           c.relname AS table_name,
           c.reltuples::bigint AS estimated_rows,
           CASE WHEN c.relkind = 'p' OR c.oid IN (SELECT relation FROM locked)
                THEN (SELECT coalesce(sum(p.relpages), 0)::bigint
                      FROM pg_partition_tree(c.oid) AS t
                      JOIN pg_class AS p ON p.oid = t.relid)
                     * current_setting('block_size')::bigint
                ELSE pg_table_size(c.oid)
           END AS table_bytes,
           CASE WHEN c.relkind = 'p' OR c.oid IN (SELECT relation FROM locked)
                THEN (SELECT coalesce(sum(i.relpages), 0)::bigint
                      FROM pg_partition_tree(c.oid) AS t
                      JOIN pg_index AS x ON x.indrelid = t.relid
                      JOIN pg_class AS i ON i.oid = x.indexrelid)
                     * current_setting('block_size')::bigint
                ELSE (SELECT coalesce(sum(pg_relation_size(x.indexrelid)), 0)::bigint
                      FROM pg_index AS x
                      WHERE x.indrelid = c.oid
                        AND x.indexrelid NOT IN (SELECT relation FROM locked))
           END AS index_bytes,
           coalesce(s.n_live_tup, 0) AS live_tuples,
           coalesce(s.n_dead_tup, 0) AS dead_tuples,
           (s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL) AS is_analyzed
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    LEFT JOIN pg_stat_user_tables AS s ON s.relid = c.oid
    WHERE c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND n.nspname NOT IN ('information_schema', 'pharmctl')
      AND n.nspname !~ '^pg_'
) AS v
-- Largest first by the sizes shown (a partitioned table by its partitions').
ORDER BY v.schema_name = 'public' DESC, v.schema_name, v.table_bytes + v.index_bytes DESC,
         v.table_name
