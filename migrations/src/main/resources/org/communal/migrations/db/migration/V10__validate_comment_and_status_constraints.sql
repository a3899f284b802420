-- Validates the constraints the previous migration added NOT VALID. In a transaction of its own,
-- VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE on the table (and ROW SHARE on a referenced
-- one), so reads and writes go on while it scans.
ALTER TABLE comments VALIDATE CONSTRAINT comments_side_check;
ALTER TABLE comments VALIDATE CONSTRAINT comments_issue_status_changed_by_fkey;
ALTER TABLE status_updates VALIDATE CONSTRAINT status_updates_user_id_fkey;
