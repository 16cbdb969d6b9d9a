-- Ordinary and partitioned tables of user schemas with no primary key, leaving out tables
-- that belong to an extension.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       greatest(c.reltuples, 0)::bigint AS estimated_rows
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
  AND NOT EXISTS (
      SELECT 1 FROM pg_constraint AS k WHERE k.conrelid = c.oid AND k.contype = 'p'
  )
  AND NOT EXISTS (
      SELECT 1
      FROM pg_depend AS d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY n.nspname, c.relname
