-- Foreign keys whose columns lead no valid, non-partial btree or hash index of the referencing
-- table, in any order. Without one, every delete or key update of a referenced row scans the
-- whole referencing table, and joins along the key cannot use an index. An invalid index
-- covers nothing; a partial one misses the rows outside its predicate.
-- Sizes come from pg_class.relpages for a relation someone holds or awaits an ACCESS
-- EXCLUSIVE lock on, so that the audit never queues behind DDL.
SELECT n.nspname AS schema_name,
       t.relname AS table_name,
       k.conname AS constraint_name,
       (SELECT array_agg(a.attname::text ORDER BY c.ord)
        FROM unnest(k.conkey) WITH ORDINALITY AS c(attnum, ord)
        JOIN pg_attribute AS a ON a.attrelid = k.conrelid AND a.attnum = c.attnum) AS columns,
       rn.nspname AS referenced_schema,
       r.relname AS referenced_table,
       CASE WHEN t.oid IN (SELECT l.relation FROM pg_locks AS l
                          WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN t.relpages::bigint * current_setting('block_size')::bigint
            ELSE pg_relation_size(t.oid) END AS table_bytes
FROM pg_constraint AS k
JOIN pg_class AS t ON t.oid = k.conrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_class AS r ON r.oid = k.confrelid
JOIN pg_namespace AS rn ON rn.oid = r.relnamespace
WHERE k.contype = 'f'
  AND t.relkind IN ('r', 'p')
  AND NOT t.relispartition
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
  AND NOT EXISTS (
      SELECT 1
      FROM pg_index AS x
      JOIN pg_class AS i ON i.oid = x.indexrelid
      JOIN pg_am AS am ON am.oid = i.relam
      WHERE x.indrelid = k.conrelid
        AND x.indisvalid
        AND x.indpred IS NULL
        AND am.amname IN ('btree', 'hash')
        AND cardinality(k.conkey) <= x.indnkeyatts
        AND (string_to_array(x.indkey::text, ' ')::smallint[])[1:cardinality(k.conkey)]
                @> k.conkey
  )
ORDER BY n.nspname, t.relname, k.conname
