-- Tables in the exposed schemas ($1) with row level security off and no policy, and which of
-- the API roles may read or write them. A partition is listed too, with its parent: querying
-- it directly bypasses the parent's policies, so it matters when an API role may do that.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       ARRAY(SELECT r.rolname::text
             FROM pg_roles AS r
             WHERE r.rolname IN ('anon', 'authenticated')
               AND has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
             ORDER BY r.rolname) AS api_roles,
       (SELECT pn.nspname || '.' || pc.relname
        FROM pg_inherits AS i
        JOIN pg_class AS pc ON pc.oid = i.inhparent
        JOIN pg_namespace AS pn ON pn.oid = pc.relnamespace
        WHERE c.relispartition AND i.inhrelid = c.oid) AS parent
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relrowsecurity
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_policy AS p WHERE p.polrelid = c.oid)
ORDER BY n.nspname, c.relname
