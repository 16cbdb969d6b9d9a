-- Views in the exposed schemas ($1) that run with their owner's rights (no security_invoker)
-- over tables with row level security, and which API roles may read them.
SELECT n.nspname AS schema_name,
       v.relname AS view_name,
       ARRAY(SELECT DISTINCT tn.nspname || '.' || t.relname
             FROM pg_rewrite AS w
             JOIN pg_depend AS d
               ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
              AND d.refclassid = 'pg_class'::regclass
             JOIN pg_class AS t ON t.oid = d.refobjid
             JOIN pg_namespace AS tn ON tn.oid = t.relnamespace
             WHERE w.ev_class = v.oid
               AND t.oid <> v.oid
               AND t.relrowsecurity
             ORDER BY 1) AS rls_tables,
       ARRAY(SELECT r.rolname::text
             FROM pg_roles AS r
             WHERE r.rolname IN ('anon', 'authenticated')
               AND has_table_privilege(r.oid, v.oid, 'SELECT')
             ORDER BY r.rolname) AS api_roles
FROM pg_class AS v
JOIN pg_namespace AS n ON n.oid = v.relnamespace
WHERE v.relkind = 'v'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
      SELECT 1
      FROM pg_options_to_table(v.reloptions) AS o
      WHERE o.option_name = 'security_invoker'
        AND lower(o.option_value) IN ('true', 'on', 'yes', '1')
  )
ORDER BY n.nspname, v.relname
