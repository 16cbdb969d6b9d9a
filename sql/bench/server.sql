-- The server's version, as text and as a number.
SELECT pg_catalog.current_setting('server_version'),
       pg_catalog.current_setting('server_version_num')::integer;
