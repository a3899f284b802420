-- The validated check proves there is no NULL, so SET NOT NULL skips its scan.
ALTER TABLE things ALTER COLUMN name SET NOT NULL;
ALTER TABLE things DROP CONSTRAINT things_name_present;
