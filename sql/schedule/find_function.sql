-- The installed detect_schedule_conflicts taking the nine rule parameters, schema-qualified.
SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) AS name
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE p.proname = 'detect_schedule_conflicts'
  AND p.pronargs = 9
ORDER BY n.nspname = 'public' DESC, n.nspname
LIMIT 1
