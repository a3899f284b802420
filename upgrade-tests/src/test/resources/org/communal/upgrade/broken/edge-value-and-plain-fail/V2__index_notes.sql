-- Fails on any value: a name cannot be cast to a number.
CREATE INDEX things_notes ON things (notes);
ALTER TABLE things ALTER COLUMN name TYPE integer USING name::integer;
