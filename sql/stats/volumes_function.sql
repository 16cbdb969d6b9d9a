-- The volumes as public.get_performance_stats() reports them (installed by `pharmctl migrate`),
-- with the same columns and order as volumes.sql; `can_count` depends on the caller, so it is
-- computed here.
SELECT f.schema_name,
       f.table_name,
       f.estimated_rows,
       f.table_bytes,
       f.index_bytes,
       f.live_tuples,
       f.dead_tuples,
       f.is_analyzed,
       has_table_privilege(c.oid, 'SELECT')
           AND (NOT c.relrowsecurity
                OR r.rolsuper
                OR r.rolbypassrls
                OR (pg_has_role(c.relowner, 'USAGE') AND NOT c.relforcerowsecurity))
           AS can_count
FROM public.get_performance_stats() AS f
JOIN pg_namespace AS n ON n.nspname = f.schema_name
JOIN pg_class AS c ON c.relnamespace = n.oid AND c.relname = f.table_name
JOIN pg_roles AS r ON r.rolname = current_user
WHERE cardinality($1::text[]) = 0 OR f.schema_name = ANY ($1::text[])
ORDER BY f.schema_name = 'public' DESC, f.schema_name, f.table_bytes + f.index_bytes DESC,
         f.table_name
