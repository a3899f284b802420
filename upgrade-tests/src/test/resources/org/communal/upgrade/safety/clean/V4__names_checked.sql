ALTER TABLE things ADD CONSTRAINT things_name_present CHECK (name IS NOT NULL) NOT VALID;
