CREATE TABLE people (id serial CONSTRAINT people_pkey PRIMARY KEY, full_name text NOT NULL);
