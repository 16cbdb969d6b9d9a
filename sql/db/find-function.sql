-- A function named $1 in any schema that can be called with no arguments (every argument has
-- a default), taking exactly $2 arguments when $2 is given, and whether this role may execute
-- it; the one in public first when several schemas hold one.
SELECT n.nspname AS schema_name,
       p.proname AS function_name,
       has_function_privilege(p.oid, 'EXECUTE') AS can_execute
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE p.proname = $1
  AND p.prokind = 'f'
  AND p.pronargs = p.pronargdefaults
  AND ($2::int IS NULL OR p.pronargs = $2::int)
  AND n.nspname !~ '^pg_'
ORDER BY n.nspname = 'public' DESC, n.nspname
LIMIT 1
