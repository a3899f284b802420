-- A diff revision lists each file once. A git format-patch series that changes a file in several
-- commits stores one row per change, since the upload is rebuilt from every row's patch in order;
-- the row of the file's first change lists it, with the whole series' status, paths, modes, blob
-- ids and line counts, and the rows of its later changes are not listed (nor is a file a series
-- adds and deletes again). Rows that exist already list their file, as before.
--
-- How many lines each side of a listed file has, so that a comment cannot sit past the end of
-- its side: the file's line count when the revision was applied to its base, else the last line
-- the diff's hunks show. NULL when not known: a binary file, or a row stored before this column.
-- Every added column is nullable or has a constant default, so the table is not rewritten. The
-- check is added NOT VALID, which needs no scan under this migration's ACCESS EXCLUSIVE lock;
-- the next migration validates it in a transaction of its own.
ALTER TABLE filediffs
    ADD COLUMN is_listed boolean NOT NULL DEFAULT true,
    ADD COLUMN old_lines integer,
    ADD COLUMN new_lines integer,
    ADD CONSTRAINT filediffs_side_lines_check CHECK (old_lines >= 0 AND new_lines >= 0) NOT VALID;
