ALTER TABLE people ADD COLUMN initials text;
-- The bug this set exists for: the last name's initial is forgotten.
UPDATE people SET initials = left(first_name, 1);
