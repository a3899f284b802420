ALTER TABLE things VALIDATE CONSTRAINT things_owner_fkey;
