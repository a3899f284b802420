-- The backfill alone in its migration, so that it commits on its own.
UPDATE things SET size = 0 WHERE size IS NULL;
