-- Adopts the index built concurrently: a brief lock, no build, no scan.
ALTER TABLE things ADD CONSTRAINT things_name_key UNIQUE USING INDEX things_name_key;
