-- Indexes marked invalid, as a failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY
-- leaves them: every write still maintains them, no query can use them.
-- Sizes come from pg_class.relpages for a relation someone holds or awaits an ACCESS
-- EXCLUSIVE lock on, so that the audit never queues behind DDL.
SELECT n.nspname AS schema_name,
       i.relname AS index_name,
       t.relname AS table_name,
       CASE WHEN i.oid IN (SELECT l.relation FROM pg_locks AS l
                          WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN i.relpages::bigint * current_setting('block_size')::bigint
            ELSE pg_relation_size(i.oid) END AS index_bytes,
       (x.indisunique OR x.indisprimary OR x.indisexclusion) AS is_constraint
FROM pg_index AS x
JOIN pg_class AS i ON i.oid = x.indexrelid
JOIN pg_class AS t ON t.oid = x.indrelid
JOIN pg_namespace AS n ON n.oid = i.relnamespace
WHERE NOT x.indisvalid
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
ORDER BY n.nspname, i.relname
