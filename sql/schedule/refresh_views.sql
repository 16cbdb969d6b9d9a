-- The analytics views refresh looks after: whether each is populated, whether it has the
-- unique index on plain columns that REFRESH ... CONCURRENTLY needs, and when pharmctl last
-- refreshed it.
SELECT n.nspname AS schema_name,
       c.relname AS view_name,
       c.relispopulated AS is_populated,
       EXISTS (SELECT 1
               FROM pg_index AS i
               WHERE i.indrelid = c.oid
                 AND i.indisunique
                 AND i.indisvalid
                 AND i.indpred IS NULL
                 AND i.indexprs IS NULL) AS has_unique_index,
       (SELECT max(l.finished_at)
        FROM pharmctl.refresh_log AS l
        WHERE l.view_name = n.nspname || '.' || c.relname
          AND l.succeeded) AS last_refreshed
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind = 'm'
  AND n.nspname = 'analytics'
ORDER BY n.nspname, c.relname
