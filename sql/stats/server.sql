-- The server and database being examined.
SELECT current_setting('server_version') AS server_version,
       current_database() AS database,
       current_user AS role,
       pg_database_size(current_database()) AS database_bytes,
       pg_is_in_recovery() AS is_replica
