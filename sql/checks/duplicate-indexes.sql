-- Valid indexes of user tables with everything that decides whether one index can stand in
-- for another: access method, key columns, operator classes, collations, expressions,
-- predicate, and whether it enforces a constraint.
SELECT n.nspname AS schema_name,
       t.relname AS table_name,
       i.relname AS index_name,
       am.amname AS method,
       x.indnkeyatts::int AS key_count,
       string_to_array(x.indkey::text, ' ')::int[] AS columns,
       string_to_array(x.indclass::text, ' ')::bigint[] AS opclasses,
       string_to_array(x.indcollation::text, ' ')::bigint[] AS collations,
       coalesce(pg_get_expr(x.indexprs, x.indrelid), '') AS expressions,
       coalesce(pg_get_expr(x.indpred, x.indrelid), '') AS predicate,
       (x.indisunique OR x.indisprimary OR x.indisexclusion
        OR EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conindid = x.indexrelid))
           AS is_constraint,
       x.indisprimary AS is_primary,
       pg_relation_size(i.oid) AS index_bytes,
       pg_get_indexdef(i.oid) AS definition
FROM pg_index AS x
JOIN pg_class AS i ON i.oid = x.indexrelid
JOIN pg_class AS t ON t.oid = x.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
JOIN pg_am AS am ON am.oid = i.relam
WHERE x.indisvalid
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
ORDER BY n.nspname, t.relname, i.relname
