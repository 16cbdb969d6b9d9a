-- Records one refresh of one view.
INSERT INTO pharmctl.refresh_log
    (view_name, started_at, finished_at, duration_ms, row_count, was_concurrent, succeeded, error)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
