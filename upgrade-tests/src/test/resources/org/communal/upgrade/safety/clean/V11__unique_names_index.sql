CREATE UNIQUE INDEX CONCURRENTLY things_name_key ON things (name);
