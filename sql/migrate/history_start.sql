-- Marks a migration as running; a rerun of the same text keeps the statements already done.
INSERT INTO pharmctl.migrations AS m
    (version, name, checksum, state, statements_total, pharmctl_version)
VALUES ($1, $2, $3, 'running', $4, $5)
ON CONFLICT (version) DO UPDATE
SET name = excluded.name,
    checksum = excluded.checksum,
    state = 'running',
    statements_done = CASE WHEN m.checksum = excluded.checksum THEN m.statements_done ELSE 0 END,
    statements_total = excluded.statements_total,
    baselined = false,
    applied_by = current_user,
    started_at = clock_timestamp(),
    finished_at = NULL,
    duration_ms = NULL,
    pharmctl_version = excluded.pharmctl_version,
    error = NULL
RETURNING statements_done
