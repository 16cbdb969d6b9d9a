-- The tables the performance migrations index ($1, names resolved through search_path): whether
-- each exists, who owns it, and whether the role may act as that owner (CREATE INDEX needs it).
SELECT name,
       c.oid IS NOT NULL AS present,
       pg_get_userbyid(c.relowner) AS owner,
       coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false) AS is_owner
FROM unnest($1::text[]) AS name
LEFT JOIN pg_class AS c ON c.oid = to_regclass(quote_ident(name))
ORDER BY name
