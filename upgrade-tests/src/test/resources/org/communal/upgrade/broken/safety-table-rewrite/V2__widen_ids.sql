-- integer to bigint is not binary-coercible: every row and every index is copied.
ALTER TABLE things ALTER COLUMN id TYPE bigint;
