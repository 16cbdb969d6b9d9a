-- Tables of the user schemas: planner estimate, sizes, maintenance counters, and whether an
-- exact count(*) by this role would see every row (SELECT granted, row level security bypassed).
SELECT v.*
FROM (
    SELECT n.nspname AS schema_name,
           c.relname AS table_name,
           c.reltuples::bigint AS estimated_rows,
           CASE c.relkind
               WHEN 'p' THEN (SELECT coalesce(sum(pg_table_size(t.relid)), 0)
                              FROM pg_partition_tree(c.oid) AS t)::bigint
               ELSE pg_table_size(c.oid)
           END AS table_bytes,
           CASE c.relkind
               WHEN 'p' THEN (SELECT coalesce(sum(pg_indexes_size(t.relid)), 0)
                              FROM pg_partition_tree(c.oid) AS t)::bigint
               ELSE pg_indexes_size(c.oid)
           END AS index_bytes,
           coalesce(s.n_live_tup, 0) AS live_tuples,
           coalesce(s.n_dead_tup, 0) AS dead_tuples,
           (s.last_analyze IS NOT NULL OR s.last_autoanalyze IS NOT NULL) AS is_analyzed,
           has_table_privilege(c.oid, 'SELECT')
               AND (NOT c.relrowsecurity
                    OR r.rolsuper
                    OR r.rolbypassrls
                    OR (pg_has_role(c.relowner, 'USAGE') AND NOT c.relforcerowsecurity))
               AS can_count
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    JOIN pg_roles AS r ON r.rolname = current_user
    LEFT JOIN pg_stat_user_tables AS s ON s.relid = c.oid
    WHERE c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      AND n.nspname NOT IN ('information_schema', 'pharmctl')
      AND n.nspname !~ '^pg_'
      AND (cardinality($1::text[]) = 0 OR n.nspname = ANY ($1::text[]))
) AS v
-- Largest first by the sizes shown (a partitioned table by its partitions').
ORDER BY v.schema_name = 'public' DESC, v.schema_name, v.table_bytes + v.index_bytes DESC,
         v.table_name
