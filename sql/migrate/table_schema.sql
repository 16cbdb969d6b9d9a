-- The schema of the table a statement names ($1 as written) and whether it is partitioned, or
-- no row when it is missing.
SELECT n.nspname AS schema_name,
       c.relkind = 'p' AS partitioned
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.oid = to_regclass($1)
