-- The NOT VALID + VALIDATE pattern squashed into one migration: the ADD takes ACCESS EXCLUSIVE,
-- and since both run in one transaction that lock is still held while VALIDATE reads every row.
ALTER TABLE things ADD CONSTRAINT things_size_positive CHECK (size >= 0) NOT VALID;
ALTER TABLE things VALIDATE CONSTRAINT things_size_positive;
