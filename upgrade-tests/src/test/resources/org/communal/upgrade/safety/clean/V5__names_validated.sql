-- SHARE UPDATE EXCLUSIVE: reads and writes go on while the rows are checked.
ALTER TABLE things VALIDATE CONSTRAINT things_name_present;
