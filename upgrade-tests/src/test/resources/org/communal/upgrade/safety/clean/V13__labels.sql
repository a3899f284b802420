-- A new table may be built any way: it holds no rows yet.
CREATE TABLE labels (id integer PRIMARY KEY, thing integer NOT NULL REFERENCES things (id));
INSERT INTO labels SELECT id, id FROM things WHERE id <= 10;
CREATE INDEX labels_thing ON labels (thing);
