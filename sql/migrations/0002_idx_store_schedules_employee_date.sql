-- pharmctl: no-transaction
-- Shifts of one employee by date: personal schedules and conflict detection.
-- Built concurrently so that writes to the table are never blocked. pharmctl checks for an
-- existing index of the same name first (an invalid one is dropped and rebuilt, another
-- definition is reported), so the statement deliberately has no IF NOT EXISTS.
-- squawk-ignore prefer-robust-stmts
CREATE INDEX CONCURRENTLY idx_store_schedules_employee_date
    ON public.store_schedules USING btree (employee_id, date);
