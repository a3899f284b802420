-- Right on its own, but under Flyway's default postgresql.transactional.lock=true it waits
-- forever for Flyway's own open transaction.
CREATE INDEX CONCURRENTLY things_owner ON things (owner);
