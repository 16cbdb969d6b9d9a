-- pharmctl: no-transaction
-- Latest messages of one contact first: the chat and SMS history.
-- Built concurrently so that writes to the table are never blocked. pharmctl checks for an
-- existing index of the same name first (an invalid one is dropped and rebuilt, another
-- definition is reported), so the statement deliberately has no IF NOT EXISTS.
-- squawk-ignore prefer-robust-stmts
CREATE INDEX CONCURRENTLY idx_messages_contact_date
    ON public.messages USING btree (contact_id, created_at DESC);
