-- The history, oldest version first.
SELECT version,
       name,
       checksum,
       state,
       statements_done,
       statements_total,
       baselined,
       applied_by,
       to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS started_at,
       duration_ms,
       pharmctl_version,
       error
FROM pharmctl.migrations
ORDER BY version
