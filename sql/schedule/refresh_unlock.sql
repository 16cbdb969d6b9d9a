-- Releases the refresh lock (it also goes when the session ends).
SELECT pg_advisory_unlock($1::bigint) AS released
