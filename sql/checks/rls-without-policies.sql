-- Tables in the exposed schemas ($1) with row level security on and no policy: closed to
-- every role that does not bypass row level security.
SELECT n.nspname AS schema_name,
       c.relname AS table_name
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND c.relrowsecurity
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_policy AS p WHERE p.polrelid = c.oid)
ORDER BY n.nspname, c.relname
