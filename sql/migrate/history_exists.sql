SELECT to_regclass('pharmctl.migrations') IS NOT NULL AS present
