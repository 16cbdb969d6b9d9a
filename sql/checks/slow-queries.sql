-- Statements of this database by total time. @VIEW@ is the extension's schema-qualified view;
-- @TOTAL_MS@ and @MEAN_MS@ are the time columns of the installed extension version (1.8 and
-- later split planning from execution: total_exec_time + total_plan_time, mean_exec_time;
-- before that, total_time and mean_time).
SELECT coalesce(s.queryid::text, '') AS query_id,
       left(regexp_replace(coalesce(s.query, ''), '\s+', ' ', 'g'), 160) AS query,
       s.calls,
       (@TOTAL_MS@)::float8 AS total_ms,
       (@MEAN_MS@)::float8 AS mean_ms,
       s.rows
FROM @VIEW@ AS s
JOIN pg_database AS d ON d.oid = s.dbid
WHERE d.datname = current_database()
  AND s.calls > 0
ORDER BY 4 DESC
LIMIT 500
