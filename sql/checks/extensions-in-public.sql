-- Extensions whose objects live in the public schema.
SELECT e.extname AS extension_name,
       e.extversion AS version,
       e.extrelocatable AS relocatable
FROM pg_extension AS e
JOIN pg_namespace AS n ON n.oid = e.extnamespace
WHERE n.nspname = 'public'
ORDER BY e.extname
