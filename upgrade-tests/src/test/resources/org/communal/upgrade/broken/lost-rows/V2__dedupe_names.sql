-- A clean-up that deletes more than it should: it was meant to remove duplicate names only.
DELETE FROM things WHERE name LIKE 'b%';
ALTER TABLE things ADD CONSTRAINT things_name_key UNIQUE (name);
