-- Materialized views in the exposed schemas ($1) that anon or authenticated may read:
-- materialized views have no row level security.
SELECT n.nspname AS schema_name,
       m.relname AS view_name,
       ARRAY(SELECT r.rolname::text
             FROM pg_roles AS r
             WHERE r.rolname IN ('anon', 'authenticated')
               AND has_table_privilege(r.oid, m.oid, 'SELECT')
             ORDER BY r.rolname) AS api_roles
FROM pg_class AS m
JOIN pg_namespace AS n ON n.oid = m.relnamespace
WHERE m.relkind = 'm'
  AND n.nspname = ANY ($1::text[])
ORDER BY n.nspname, m.relname
