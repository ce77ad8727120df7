-- A fork remembers the build and version it was copied from, for the "forked from" link on its page.
ALTER TABLE builds ADD COLUMN forked_from VARCHAR(32);
ALTER TABLE builds ADD COLUMN forked_version INTEGER;
