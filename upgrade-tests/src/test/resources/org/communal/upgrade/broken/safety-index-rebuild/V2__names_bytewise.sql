-- A collation change keeps the rows but rebuilds every index on the column.
ALTER TABLE things ALTER COLUMN name TYPE text COLLATE "C";
