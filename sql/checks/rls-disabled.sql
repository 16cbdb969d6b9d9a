-- Tables in the exposed schemas ($1) with row level security off and no policy, and which of
-- the API roles may read or write them.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       ARRAY(SELECT r.rolname::text
             FROM pg_roles AS r
             WHERE r.rolname IN ('anon', 'authenticated')
               AND has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
             ORDER BY r.rolname) AS api_roles
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND NOT c.relrowsecurity
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_policy AS p WHERE p.polrelid = c.oid)
ORDER BY n.nspname, c.relname
