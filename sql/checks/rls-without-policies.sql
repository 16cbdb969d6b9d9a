-- Tables in the exposed schemas ($1) with row level security on and no policy: closed to
-- every role that does not bypass row level security. A partition is left out: read through
-- its parent, the parent's policies apply, and closing it to direct reads is the safe setting.
SELECT n.nspname AS schema_name,
       c.relname AS table_name
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND c.relrowsecurity
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_policy AS p WHERE p.polrelid = c.oid)
ORDER BY n.nspname, c.relname
