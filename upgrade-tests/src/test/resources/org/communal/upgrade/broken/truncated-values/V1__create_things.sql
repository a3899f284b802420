CREATE TABLE things (id serial CONSTRAINT things_pkey PRIMARY KEY, name text NOT NULL);
