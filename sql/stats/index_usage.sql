-- Every index of the user schemas ($1, empty: all): scans and index entries read since the
-- statistics began, and size. A partitioned table's index is one row with its partitions'
-- scans, entries and sizes; the partitions' own indexes are not listed apart.
SELECT n.nspname AS schema_name,
       t.relname AS table_name,
       i.relname AS index_name,
       x.indisunique OR x.indisprimary AS is_unique,
       x.indisvalid AS is_valid,
       CASE WHEN i.relkind = 'I'
            THEN (SELECT coalesce(sum(pg_stat_get_numscans(pt.relid)), 0)
                  FROM pg_partition_tree(i.oid) AS pt)
            ELSE pg_stat_get_numscans(i.oid) END::bigint AS scans,
       CASE WHEN i.relkind = 'I'
            THEN (SELECT coalesce(sum(pg_stat_get_tuples_returned(pt.relid)), 0)
                  FROM pg_partition_tree(i.oid) AS pt)
            ELSE pg_stat_get_tuples_returned(i.oid) END::bigint AS entries_read,
       CASE WHEN i.relkind = 'I'
            THEN (SELECT coalesce(sum(pg_relation_size(pt.relid)), 0)
                  FROM pg_partition_tree(i.oid) AS pt)
            ELSE pg_relation_size(i.oid) END::bigint AS index_bytes
FROM pg_index AS x
JOIN pg_class AS i ON i.oid = x.indexrelid
JOIN pg_class AS t ON t.oid = x.indrelid
JOIN pg_namespace AS n ON n.oid = t.relnamespace
WHERE NOT i.relispartition
  AND t.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('information_schema', 'pharmctl')
  AND n.nspname !~ '^pg_'
  AND (cardinality($1::text[]) = 0 OR n.nspname = ANY ($1::text[]))
ORDER BY n.nspname = 'public' DESC, n.nspname, t.relname, scans DESC, i.relname
