-- Blocks every write to things until the index is built.
CREATE INDEX things_owner ON things (owner);
