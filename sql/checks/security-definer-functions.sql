-- SECURITY DEFINER functions of user schemas (not part of an extension): whether their
-- search_path is fixed, and which API roles may execute them when their schema is exposed
-- ($1).
SELECT n.nspname AS schema_name,
       p.proname AS function_name,
       pg_get_function_identity_arguments(p.oid) AS arguments,
       coalesce(array_to_string(p.proconfig, ','), '') ~ '(^|,)search_path=' AS fixed_path,
       CASE WHEN n.nspname = ANY ($1::text[]) THEN
           ARRAY(SELECT r.rolname::text
                 FROM pg_roles AS r
                 WHERE r.rolname IN ('anon', 'authenticated')
                   AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
                 ORDER BY r.rolname)
       ELSE ARRAY[]::text[]
       END AS api_roles
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE p.prosecdef
  AND n.nspname <> 'information_schema'
  AND n.nspname !~ '^pg_'
  AND NOT EXISTS (
      SELECT 1
      FROM pg_depend AS d
      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  )
ORDER BY n.nspname, p.proname, 3
