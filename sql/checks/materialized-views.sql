-- Materialized views of user schemas: size, whether they hold data, and whether they have the
-- valid, non-partial unique index on plain columns that REFRESH ... CONCURRENTLY requires.
-- Sizes come from pg_class.relpages for a relation someone holds or awaits an ACCESS
-- EXCLUSIVE lock on, so that the audit never queues behind DDL.
SELECT n.nspname AS schema_name,
       m.relname AS view_name,
       CASE WHEN m.oid IN (SELECT l.relation FROM pg_locks AS l
                          WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN m.relpages::bigint * current_setting('block_size')::bigint
            ELSE pg_total_relation_size(m.oid) END AS total_bytes,
       m.relispopulated AS is_populated,
       EXISTS (
           SELECT 1
           FROM pg_index AS x
           WHERE x.indrelid = m.oid
             AND x.indisunique
             AND x.indisvalid
             AND x.indpred IS NULL
             AND x.indexprs IS NULL
       ) AS has_unique_index
FROM pg_class AS m
JOIN pg_namespace AS n ON n.oid = m.relnamespace
WHERE m.relkind = 'm'
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
ORDER BY n.nspname, m.relname
