-- Release 1.0: the tables, filled the way a live site would have them.
CREATE TABLE owners (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE things (
  id integer PRIMARY KEY,
  name text,
  size integer,
  owner integer
);
CREATE INDEX things_name ON things (name);
INSERT INTO owners SELECT g, 'owner ' || g FROM generate_series(1, 100) g;
INSERT INTO things SELECT g, 'thing ' || g, g % 100, 1 + g % 100 FROM generate_series(1, 5000) g;
