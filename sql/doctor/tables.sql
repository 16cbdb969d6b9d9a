-- Tables of every user schema the role cannot count exactly: no SELECT privilege, or row
-- level security applies to it (it neither owns the table nor bypasses RLS).
SELECT count(*) AS user_tables,
       count(*) FILTER (WHERE NOT has_table_privilege(c.oid, 'SELECT')) AS unreadable,
       count(*) FILTER (
           WHERE c.relrowsecurity
             AND NOT pg_has_role(current_user, c.relowner, 'USAGE')
             AND NOT (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user)
       ) AS row_security_applies
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp%'
