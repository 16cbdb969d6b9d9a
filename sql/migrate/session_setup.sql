-- The runner's session: named so other sessions can tell who holds the lock, no statement
-- timeout unless a file asks for one.
SELECT set_config('application_name', 'pharmctl migrate', false),
       set_config('statement_timeout', '0', false),
       pg_backend_pid() AS pid,
       current_setting('server_version_num')::integer AS server_version_num
