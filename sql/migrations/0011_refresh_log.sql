-- pharmctl's record of analytics refreshes, one row per view refreshed: `pharmctl refresh`
-- writes it, `refresh --if-older-than` and the audit read it to tell how fresh each view is.
-- The schema is pharmctl's own, not exposed to the API.

CREATE TABLE pharmctl.refresh_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    view_name text NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    duration_ms double precision NOT NULL,
    row_count bigint,
    was_concurrent boolean NOT NULL,
    succeeded boolean NOT NULL,
    error text
);

REVOKE ALL ON TABLE pharmctl.refresh_log FROM PUBLIC;
