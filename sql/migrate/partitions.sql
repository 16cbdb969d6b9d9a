-- The partitions of the table $1 (as written), in name order: schema, name, kind, and whether
-- an index of the partition is already attached to the partitioned index $2 (qualified).
SELECT pn.nspname AS schema_name,
       pc.relname AS table_name,
       pc.relkind::text AS kind,
       EXISTS (
           SELECT 1
           FROM pg_inherits AS ii
           JOIN pg_index AS pi ON pi.indexrelid = ii.inhrelid
           WHERE ii.inhparent = to_regclass($2)
             AND pi.indrelid = pc.oid
       ) AS attached
FROM pg_inherits AS i
JOIN pg_class AS pc ON pc.oid = i.inhrelid
JOIN pg_namespace AS pn ON pn.oid = pc.relnamespace
WHERE i.inhparent = to_regclass($1)
ORDER BY pc.relname
