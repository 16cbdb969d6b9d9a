-- pharmctl: no-transaction
-- Shifts by employee type: floater and part-time planning.
-- Built concurrently so that writes to the table are never blocked. pharmctl checks for an
-- existing index of the same name first (an invalid one is dropped and rebuilt, another
-- definition is reported), so the statement deliberately has no IF NOT EXISTS.
-- squawk-ignore prefer-robust-stmts
CREATE INDEX CONCURRENTLY idx_store_schedules_employee_type
    ON public.store_schedules USING btree (employee_type);
