-- Policies on tables in the exposed schemas ($1), their expressions deparsed. The audit
-- transaction runs with an empty search_path, so functions outside pg_catalog come out
-- schema-qualified (auth.uid()) whatever the caller's path. Deparsing opens the table, so
-- tables someone holds or awaits an ACCESS EXCLUSIVE lock on are marked and left out.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       p.polname AS policy_name,
       c.oid IN (SELECT l.relation FROM pg_locks AS l WHERE l.mode = 'AccessExclusiveLock'
                                                        AND l.relation IS NOT NULL)
           AS is_locked,
       CASE WHEN c.oid IN (SELECT l.relation FROM pg_locks AS l
                           WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN ''
            ELSE coalesce(pg_get_expr(p.polqual, p.polrelid), '') END AS using_expr,
       CASE WHEN c.oid IN (SELECT l.relation FROM pg_locks AS l
                           WHERE l.mode = 'AccessExclusiveLock' AND l.relation IS NOT NULL)
            THEN ''
            ELSE coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') END AS check_expr
FROM pg_policy AS p
JOIN pg_class AS c ON c.oid = p.polrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ($1::text[])
ORDER BY n.nspname, c.relname, p.polname
