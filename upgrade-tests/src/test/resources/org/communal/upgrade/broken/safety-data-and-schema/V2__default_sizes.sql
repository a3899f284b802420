-- A backfill and the schema change it prepares, in one transaction.
UPDATE things SET size = 0 WHERE size IS NULL;
ALTER TABLE things ALTER COLUMN size SET DEFAULT 0;
