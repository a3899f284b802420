-- The default only fills the existing rows; once dropped, the release before (which does not
-- know the column) can no longer insert.
ALTER TABLE things ADD COLUMN owner text NOT NULL DEFAULT 'unknown';
ALTER TABLE things ALTER COLUMN owner DROP DEFAULT;
