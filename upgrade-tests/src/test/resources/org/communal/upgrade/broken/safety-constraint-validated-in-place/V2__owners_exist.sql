-- Checks every row of things against owners while writes to both wait.
ALTER TABLE things ADD CONSTRAINT things_owner_fkey FOREIGN KEY (owner) REFERENCES owners (id);
