ALTER TABLE books ADD COLUMN isbn varchar(17);
COMMENT ON COLUMN books.isbn IS 'ISBN-13 with hyphens';
