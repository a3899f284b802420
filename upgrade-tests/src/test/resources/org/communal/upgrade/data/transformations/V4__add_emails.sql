ALTER TABLE people ADD COLUMN email text;
