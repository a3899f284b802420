-- A constant default is stored in the catalog (PostgreSQL 11 and later): no rewrite.
ALTER TABLE things ADD COLUMN weight integer DEFAULT 0;
