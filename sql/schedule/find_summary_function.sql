-- The installed summary function of this name, schema-qualified.
SELECT quote_ident(n.nspname) || '.' || quote_ident(p.proname) AS name
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
WHERE p.proname = $1
  AND p.pronargs = 3
ORDER BY n.nspname = 'public' DESC, n.nspname
LIMIT 1
