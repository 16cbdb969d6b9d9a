-- Takes the refresh lock if it is free; one refresh runs at a time per database.
SELECT pg_try_advisory_lock($1::bigint) AS acquired
