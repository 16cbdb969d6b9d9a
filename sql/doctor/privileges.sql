-- What the connected role may do: superuser, memberships (direct or inherited) of the
-- predefined monitoring roles, and CREATE on the database and on schema public.
SELECT r.rolname AS role,
       r.rolsuper AS is_superuser,
       r.rolbypassrls AS bypasses_rls,
       pg_has_role(current_user, 'pg_monitor', 'USAGE') AS has_pg_monitor,
       pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS has_read_all_stats,
       pg_has_role(current_user, 'pg_read_all_settings', 'USAGE') AS has_read_all_settings,
       has_database_privilege(current_database(), 'CREATE') AS can_create_schema,
       EXISTS (
           SELECT 1
           FROM pg_namespace
           WHERE nspname = 'public'
             AND has_schema_privilege(oid, 'CREATE')
       ) AS can_create_in_public
FROM pg_roles AS r
WHERE r.rolname = current_user
