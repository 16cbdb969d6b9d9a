-- Sequences of user schemas with the limit that matters: the smaller of the sequence's own
-- maximum and the maximum of the integer column it feeds (a bigint sequence feeding an
-- integer column fails at 2,147,483,647). last_value is NULL when the sequence was never used
-- or this role may not read it.
SELECT s.schemaname AS schema_name,
       s.sequencename AS sequence_name,
       s.last_value,
       s.increment_by,
       s.max_value AS sequence_max,
       col.table_name,
       col.column_name,
       col.type_name,
       col.type_max,
       has_sequence_privilege(c.oid, 'SELECT') OR has_sequence_privilege(c.oid, 'USAGE')
           AS readable
FROM pg_sequences AS s
JOIN pg_namespace AS n ON n.nspname = s.schemaname
JOIN pg_class AS c ON c.relnamespace = n.oid AND c.relname = s.sequencename
LEFT JOIN LATERAL (
    SELECT tn.nspname || '.' || t.relname AS table_name,
           a.attname::text AS column_name,
           format_type(a.atttypid, NULL) AS type_name,
           CASE a.atttypid
               WHEN 'int2'::regtype THEN 32767::bigint
               WHEN 'int4'::regtype THEN 2147483647::bigint
               WHEN 'int8'::regtype THEN 9223372036854775807::bigint
           END AS type_max
    FROM pg_depend AS d
    JOIN pg_class AS t ON t.oid = d.refobjid
    JOIN pg_namespace AS tn ON tn.oid = t.relnamespace
    JOIN pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass
      AND d.objid = c.oid
      AND d.refclassid = 'pg_class'::regclass
      AND d.deptype IN ('a', 'i')
    LIMIT 1
) AS col ON true
WHERE s.schemaname <> 'information_schema'
  AND s.schemaname !~ '^pg_'
ORDER BY s.schemaname, s.sequencename
