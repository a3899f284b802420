-- Reads every row under ACCESS EXCLUSIVE to prove there is no NULL.
ALTER TABLE things ALTER COLUMN name SET NOT NULL;
