-- A function named $1 in any schema that can be called with no arguments, and whether this
-- role may execute it; the one in public first when several schemas hold one.
SELECT n.nspname AS schema_name,
       p.proname AS function_name,
       has_function_privilege(p.oid, 'EXECUTE') AS can_execute
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE p.proname = $1
  AND p.prokind = 'f'
  AND p.pronargs = p.pronargdefaults
  AND n.nspname !~ '^pg_'
ORDER BY n.nspname = 'public' DESC, n.nspname
LIMIT 1
