-- Permissive policies of tables in the exposed schemas ($1), one row per table, role and
-- action that two or more of them apply to. A policy for PUBLIC counts for every role named
-- on any policy of the table; FOR ALL counts for each of the four actions.
WITH policy AS (
    SELECT p.oid, p.polrelid, p.polname::text AS policy_name, p.polroles,
           CASE p.polcmd
               WHEN 'r' THEN ARRAY['SELECT']
               WHEN 'a' THEN ARRAY['INSERT']
               WHEN 'w' THEN ARRAY['UPDATE']
               WHEN 'd' THEN ARRAY['DELETE']
               ELSE ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']
           END AS actions
    FROM pg_policy AS p
    JOIN pg_class AS c ON c.oid = p.polrelid
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE p.polpermissive
      AND n.nspname = ANY ($1::text[])
),
named_role AS (
    SELECT DISTINCT polrelid, r AS role_oid
    FROM policy, unnest(polroles) AS r
    WHERE r <> 0
),
applies AS (
    SELECT p.polrelid, p.policy_name, a.action, r.role_oid
    FROM policy AS p
    CROSS JOIN unnest(p.actions) AS a(action)
    JOIN named_role AS r
      ON r.polrelid = p.polrelid AND (r.role_oid = ANY (p.polroles) OR 0 = ANY (p.polroles))
    UNION ALL
    SELECT p.polrelid, p.policy_name, a.action, 0
    FROM policy AS p
    CROSS JOIN unnest(p.actions) AS a(action)
    WHERE 0 = ANY (p.polroles)
)
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       coalesce((SELECT rolname::text FROM pg_roles WHERE oid = x.role_oid), 'public')
           AS role_name,
       x.action,
       array_agg(x.policy_name ORDER BY x.policy_name) AS policies
FROM applies AS x
JOIN pg_class AS c ON c.oid = x.polrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
GROUP BY n.nspname, c.relname, x.role_oid, x.action
HAVING count(*) > 1
ORDER BY n.nspname, c.relname, 3, x.action
