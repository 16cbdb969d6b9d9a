-- Whether pharmctl's refresh log exists and this role may read it.
SELECT coalesce(has_table_privilege(to_regclass('pharmctl.refresh_log'), 'SELECT'), false)
           AS readable
