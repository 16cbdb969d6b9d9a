-- Dead tuples of each user table against the point where autovacuum should vacuum it
-- (threshold + scale factor x rows, the table's own storage parameters first), with the last
-- vacuum and whether autovacuum is switched off for it.
WITH t AS (
    SELECT s.relid, s.schemaname, s.relname, s.n_dead_tup, s.n_live_tup,
           greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuumed,
           c.reloptions, greatest(c.reltuples, 0)::float8 AS reltuples
    FROM pg_stat_user_tables AS s
    JOIN pg_class AS c ON c.oid = s.relid
    WHERE s.n_dead_tup > 0
)
SELECT t.schemaname AS schema_name,
       t.relname AS table_name,
       t.n_dead_tup AS dead_tuples,
       t.n_live_tup AS live_tuples,
       (coalesce((SELECT o.option_value::float8 FROM pg_options_to_table(t.reloptions) AS o
                  WHERE o.option_name = 'autovacuum_vacuum_threshold'),
                 current_setting('autovacuum_vacuum_threshold')::float8)
        + coalesce((SELECT o.option_value::float8 FROM pg_options_to_table(t.reloptions) AS o
                    WHERE o.option_name = 'autovacuum_vacuum_scale_factor'),
                   current_setting('autovacuum_vacuum_scale_factor')::float8) * t.reltuples
       )::float8 AS vacuum_trigger,
       extract(epoch FROM now() - t.last_vacuumed)::float8 AS vacuum_age_seconds,
       coalesce((SELECT lower(o.option_value) IN ('false', 'off', 'no', '0')
                 FROM pg_options_to_table(t.reloptions) AS o
                 WHERE o.option_name = 'autovacuum_enabled'), false) AS autovacuum_off
FROM t
ORDER BY t.n_dead_tup DESC, t.schemaname, t.relname
