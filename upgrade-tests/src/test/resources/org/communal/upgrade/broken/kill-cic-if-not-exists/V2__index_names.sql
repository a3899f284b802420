-- Runs outside a transaction; a build killed midway leaves things_name_idx INVALID, and running
-- this again skips it ("already exists, skipping"), so the index stays invalid for good.
CREATE INDEX CONCURRENTLY IF NOT EXISTS things_name_idx ON things (name);
