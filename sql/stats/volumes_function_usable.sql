-- Whether public.get_performance_stats() is the one pharmctl's migrations install (same
-- result columns) and this role may execute it.
SELECT coalesce(
           has_function_privilege(p.oid, 'EXECUTE')
               AND p.proargnames @> ARRAY['schema_name', 'table_name', 'estimated_rows',
                                          'table_bytes', 'index_bytes', 'total_bytes',
                                          'live_tuples', 'dead_tuples', 'is_analyzed'],
           false
       ) AS usable
FROM (SELECT to_regprocedure('public.get_performance_stats()') AS oid) AS f
LEFT JOIN pg_proc AS p ON p.oid = f.oid
