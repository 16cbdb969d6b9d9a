-- pharmctl: no-transaction
-- Contacts with the AI assistant on: a small partial index.
-- Built concurrently so that writes to the table are never blocked. pharmctl checks for an
-- existing index of the same name first (an invalid one is dropped and rebuilt, another
-- definition is reported), so the statement deliberately has no IF NOT EXISTS.
-- squawk-ignore prefer-robust-stmts
CREATE INDEX CONCURRENTLY idx_contacts_ai_enabled
    ON public.contacts USING btree (ai_enabled) WHERE ai_enabled;
