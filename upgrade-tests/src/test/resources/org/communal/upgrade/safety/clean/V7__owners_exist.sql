ALTER TABLE things ADD CONSTRAINT things_owner_fkey FOREIGN KEY (owner) REFERENCES owners (id)
  NOT VALID;
