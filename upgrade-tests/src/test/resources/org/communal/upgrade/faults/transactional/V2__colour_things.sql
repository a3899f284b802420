-- A new table with rows (nothing holds it), a change to existing rows that would show if it ran
-- twice, then a change to an existing table: a migrator killed there must leave none of the
-- three behind.
CREATE TABLE colours (name text PRIMARY KEY);
INSERT INTO colours (name) VALUES ('red'), ('green');
UPDATE things SET name = name || ' (checked)';
ALTER TABLE things ADD COLUMN colour text REFERENCES colours (name);
UPDATE things SET colour = 'red';
