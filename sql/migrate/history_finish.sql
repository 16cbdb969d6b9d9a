-- Records the end of a run: applied, or failed with the error.
UPDATE pharmctl.migrations
SET state = $2,
    error = $3,
    finished_at = clock_timestamp(),
    duration_ms = $4
WHERE version = $1
