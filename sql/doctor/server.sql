-- The server and the settings pharmctl depends on. Every column is readable by any role:
-- pg_stat_statements counts as loaded when its settings exist, which only happens when the
-- library was preloaded (shared_preload_libraries itself is hidden from unprivileged roles).
SELECT current_setting('server_version') AS server_version,
       current_database() AS database,
       EXISTS (
           SELECT 1
           FROM pg_settings
           WHERE name = 'pg_stat_statements.max'
       ) AS pgss_loaded,
       (
           SELECT e.extversion
           FROM pg_extension AS e
           WHERE e.extname = 'pg_stat_statements'
       ) AS pgss_version,
       EXISTS (
           SELECT 1
           FROM pg_available_extensions
           WHERE name = 'pg_stat_statements'
       ) AS pgss_available,
       current_setting('track_io_timing') = 'on' AS track_io_timing,
       (
           SELECT setting::int
           FROM pg_settings
           WHERE name = 'log_min_duration_statement'
       ) AS log_min_duration_ms,
       current_setting('max_connections')::int AS max_connections,
       current_setting('superuser_reserved_connections')::int AS reserved_connections,
       (
           SELECT count(*)
           FROM pg_stat_activity
           WHERE backend_type = 'client backend'
       ) AS client_backends
