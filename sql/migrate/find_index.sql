-- An index named $2 in schema $1: whether it is valid, its definition, and whether it is on
-- the table $3 (as written in the migration).
SELECT i.indisvalid AS is_valid,
       pg_get_indexdef(i.indexrelid) AS definition,
       i.indrelid = to_regclass($3) AS same_table
FROM pg_index AS i
JOIN pg_class AS c ON c.oid = i.indexrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = $1
  AND c.relname = $2
