-- Valid indexes of user tables with everything that decides whether one index can stand in
-- for another: access method, key columns, operator classes, collations, expressions,
-- predicate, and whether it enforces a constraint. Deparsing opens the table, so for a table
-- someone holds or awaits an ACCESS EXCLUSIVE lock on the raw node trees are compared instead.
-- Sizes come from pg_class.relpages for a relation someone holds or awaits an ACCESS
-- EXCLUSIVE lock on, so that the audit never queues behind DDL; a partitioned table's index
-- counts the pages of its partitions' indexes.
SELECT n.nspname AS schema_name,
       t.relname AS table_name,
       i.relname AS index_name,
       am.amname AS method,
       x.indnkeyatts::int AS key_count,
       string_to_array(x.indkey::text, ' ')::int[] AS columns,
       string_to_array(x.indclass::text, ' ')::bigint[] AS opclasses,
       string_to_array(x.indcollation::text, ' ')::bigint[] AS collations,
       t.oid IN (SELECT l.relation FROM pg_locks AS l WHERE l.mode = 'AccessExclusiveLock'
                                                        AND l.relation IS NOT NULL)
           AS is_locked,
       CASE WHEN t.oid IN (SELECT l.relation FROM pg_locks AS l
                           WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN coalesce(x.indexprs::text, '')
            ELSE coalesce(pg_get_expr(x.indexprs, x.indrelid), '') END AS expressions,
       CASE WHEN t.oid IN (SELECT l.relation FROM pg_locks AS l
                           WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN coalesce(x.indpred::text, '')
            ELSE coalesce(pg_get_expr(x.indpred, x.indrelid), '') END AS predicate,
       (x.indisunique OR x.indisprimary OR x.indisexclusion
        OR EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = x.indexrelid))
           AS is_constraint,
       x.indisprimary AS is_primary,
       CASE WHEN i.relkind = 'I'
            THEN (SELECT coalesce(sum(p.relpages), 0)::bigint
                  FROM pg_partition_tree(i.oid) AS pt
                  JOIN pg_class AS p ON p.oid = pt.relid)
                 * current_setting('block_size')::bigint
            WHEN i.oid IN (SELECT l.relation FROM pg_locks AS l
                          WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN i.relpages::bigint * current_setting('block_size')::bigint
            ELSE pg_relation_size(i.oid) END AS index_bytes
FROM pg_index AS x
JOIN pg_class AS i ON i.oid = x.indexrelid
JOIN pg_class AS t ON t.oid = x.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_am AS am ON am.oid = i.relam
WHERE x.indisvalid
  -- A partition's index is judged with its parent's (it cannot be dropped on its own).
  AND NOT i.relispartition
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
ORDER BY n.nspname, t.relname, i.relname
