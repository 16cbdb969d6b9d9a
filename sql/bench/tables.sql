-- The tables, materialized views and partitioned tables a suite's plans read, by name, with
-- their size in pages. $1 the relation names found in the plans.
SELECT n.nspname,
       c.relname,
       c.relpages::bigint
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relname = ANY($1)
  AND c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_%'
ORDER BY n.nspname, c.relname;
