-- One finished run in one statement: a transactional migration (inside its transaction), a
-- failed attempt, or a baselined file.
INSERT INTO pharmctl.migrations AS m
    (version, name, checksum, state, statements_done, statements_total, baselined,
     started_at, finished_at, duration_ms, pharmctl_version, error)
VALUES ($1, $2, $3, $4, $5, $6, $7,
        clock_timestamp() - make_interval(secs => coalesce($8::bigint, 0) / 1000.0),
        clock_timestamp(), $8, $9, $10)
ON CONFLICT (version) DO UPDATE
SET name = excluded.name,
    checksum = excluded.checksum,
    state = excluded.state,
    statements_done = excluded.statements_done,
    statements_total = excluded.statements_total,
    baselined = excluded.baselined,
    applied_by = current_user,
    started_at = excluded.started_at,
    finished_at = excluded.finished_at,
    duration_ms = excluded.duration_ms,
    pharmctl_version = excluded.pharmctl_version,
    error = excluded.error
