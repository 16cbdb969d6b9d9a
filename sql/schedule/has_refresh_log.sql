-- Whether the refresh log exists (migration 0011 creates it).
SELECT to_regclass('pharmctl.refresh_log') IS NOT NULL AS present
