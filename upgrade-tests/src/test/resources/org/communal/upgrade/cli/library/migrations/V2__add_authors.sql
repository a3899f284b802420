CREATE TABLE authors (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE
);

ALTER TABLE books ADD COLUMN author_id bigint REFERENCES authors (id);
CREATE INDEX books_author_id ON books (author_id);
