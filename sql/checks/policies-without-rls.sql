-- Tables of any user schema that have policies while row level security is off: the policies
-- are written but not applied.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       ARRAY(SELECT p.polname::text FROM pg_policy AS p WHERE p.polrelid = c.oid
             ORDER BY p.polname) AS policies
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relrowsecurity
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
  AND EXISTS (SELECT 1 FROM pg_policy AS p WHERE p.polrelid = c.oid)
ORDER BY n.nspname, c.relname
