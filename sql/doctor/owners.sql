-- The tables the performance migrations index ($1, names resolved through search_path): whether
-- each exists, who owns it, and whether the role may act as that owner (CREATE INDEX needs it).
-- A partitioned table's partitions follow, by qualified name: each gets its own index build.
WITH named AS (
    SELECT name, to_regclass(quote_ident(name)) AS oid
    FROM unnest($1::text[]) AS name
)
SELECT named.name,
       c.oid IS NOT NULL AS present,
       pg_get_userbyid(c.relowner) AS owner,
       coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false) AS is_owner
FROM named
LEFT JOIN pg_class AS c ON c.oid = named.oid
UNION ALL
SELECT pn.nspname || '.' || p.relname,
       true,
       pg_get_userbyid(p.relowner),
       pg_has_role(current_user, p.relowner, 'USAGE')
FROM named
CROSS JOIN LATERAL pg_partition_tree(named.oid) AS t
JOIN pg_class AS p ON p.oid = t.relid AND p.oid <> named.oid
JOIN pg_namespace AS pn ON pn.oid = p.relnamespace
WHERE named.oid IS NOT NULL
ORDER BY 1
