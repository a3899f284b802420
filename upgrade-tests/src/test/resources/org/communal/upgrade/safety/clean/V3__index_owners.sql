-- Alone in its migration, so Flyway runs it outside a transaction.
CREATE INDEX CONCURRENTLY things_owner ON things (owner);
