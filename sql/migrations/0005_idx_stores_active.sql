-- pharmctl: no-transaction
-- Active stores only: most screens list open stores.
-- Built concurrently so that writes to the table are never blocked. pharmctl checks for an
-- existing index of the same name first (an invalid one is dropped and rebuilt, another
-- definition is reported), so the statement deliberately has no IF NOT EXISTS.
-- squawk-ignore prefer-robust-stmts
CREATE INDEX CONCURRENTLY idx_stores_active
    ON public.stores USING btree (store_number) WHERE is_active;
