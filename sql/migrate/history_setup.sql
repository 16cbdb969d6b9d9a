-- pharmctl's own schema and its migration history. Run only while holding the runner lock.
-- The schema is not exposed to the API and nobody but its owner may use it.
CREATE SCHEMA IF NOT EXISTS pharmctl;

REVOKE ALL ON SCHEMA pharmctl FROM PUBLIC;

CREATE TABLE IF NOT EXISTS pharmctl.migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    state text NOT NULL CHECK (state IN ('running', 'applied', 'failed')),
    statements_done integer NOT NULL DEFAULT 0,
    statements_total integer NOT NULL,
    baselined boolean NOT NULL DEFAULT false,
    applied_by text NOT NULL DEFAULT current_user,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    duration_ms bigint,
    pharmctl_version text NOT NULL,
    error text
);

REVOKE ALL ON TABLE pharmctl.migrations FROM PUBLIC;
