-- Where pg_stat_statements is installed and at which version: the schema differs between
-- hosts (public, extensions, heroku_ext) and the columns between versions.
SELECT n.nspname AS schema_name,
       e.extversion AS version,
       pg_has_role('pg_read_all_stats', 'USAGE') AS reads_all_stats
FROM pg_extension AS e
JOIN pg_namespace AS n ON n.oid = e.extnamespace
WHERE e.extname = 'pg_stat_statements'
