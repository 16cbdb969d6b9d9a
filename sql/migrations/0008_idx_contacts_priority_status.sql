-- pharmctl: no-transaction
-- Contacts by priority and status: the call-in list for open shifts.
-- Built concurrently so that writes to the table are never blocked. pharmctl checks for an
-- existing index of the same name first (an invalid one is dropped and rebuilt, another
-- definition is reported), so the statement deliberately has no IF NOT EXISTS.
-- squawk-ignore prefer-robust-stmts
CREATE INDEX CONCURRENTLY idx_contacts_priority_status
    ON public.contacts USING btree (priority, status);
