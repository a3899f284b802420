CREATE TABLE people (id int PRIMARY KEY, full_name text NOT NULL);
