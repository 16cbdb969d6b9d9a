-- When `pharmctl refresh` last refreshed each view, from its log; empty when the log does not
-- exist or this role may not read it.
SELECT l.view_name,
       max(l.finished_at) AS last_refreshed
FROM pharmctl.refresh_log AS l
WHERE l.succeeded
GROUP BY l.view_name
