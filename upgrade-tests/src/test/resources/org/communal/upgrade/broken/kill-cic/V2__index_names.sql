-- Runs outside a transaction; a build killed midway leaves things_name_idx INVALID, and running
-- this again then fails: relation "things_name_idx" already exists.
CREATE INDEX CONCURRENTLY things_name_idx ON things (name);
