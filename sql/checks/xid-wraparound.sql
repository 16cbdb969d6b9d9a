-- Transaction ID and multixact age of every database that accepts connections, against the
-- 2^31 IDs after which PostgreSQL stops accepting writes, and the age at which autovacuum
-- starts forcing freezes.
SELECT d.datname AS database_name,
       age(d.datfrozenxid)::bigint AS xid_age,
       mxid_age(d.datminmxid)::bigint AS multixact_age,
       current_setting('autovacuum_freeze_max_age')::bigint AS freeze_max_age
FROM pg_database AS d
WHERE d.datallowconn
ORDER BY age(d.datfrozenxid) DESC, d.datname
