-- Validates the check the previous migration added NOT VALID. In a transaction of its own,
-- VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE on filediffs, so reads and writes go on while
-- it scans.
ALTER TABLE filediffs VALIDATE CONSTRAINT filediffs_side_lines_check;
