-- pharmctl: no-transaction
-- Shifts of one store by date: the schedule screens of a store.
-- Built concurrently so that writes to the table are never blocked. pharmctl checks for an
-- existing index of the same name first (an invalid one is dropped and rebuilt, another
-- definition is reported), so the statement deliberately has no IF NOT EXISTS.
-- squawk-ignore prefer-robust-stmts
CREATE INDEX CONCURRENTLY idx_store_schedules_store_date
    ON public.store_schedules USING btree (store_number, date);
