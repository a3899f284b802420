-- Outside a transaction: a killed build leaves an invalid index behind, so drop it first.
DROP INDEX CONCURRENTLY IF EXISTS things_name_idx;
CREATE INDEX CONCURRENTLY things_name_idx ON things (name);
