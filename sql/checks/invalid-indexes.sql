-- Indexes marked invalid, as a failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY
-- leaves them: every write still maintains them, no query can use them.
SELECT n.nspname AS schema_name,
       i.relname AS index_name,
       t.relname AS table_name,
       pg_relation_size(i.oid) AS index_bytes,
       (x.indisunique OR x.indisprimary OR x.indisexclusion) AS is_constraint
FROM pg_index AS x
JOIN pg_class AS i ON i.oid = x.indexrelid
JOIN pg_class AS t ON t.oid = x.indrelid
JOIN pg_namespace AS n ON n.oid = i.relnamespace
WHERE NOT x.indisvalid
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
ORDER BY n.nspname, i.relname
