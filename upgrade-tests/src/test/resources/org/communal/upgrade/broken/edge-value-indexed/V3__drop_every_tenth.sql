-- A real defect, which the edge value's failure must not hide: rows are lost.
DELETE FROM things WHERE id % 10 = 0;

-- And another: an index made only where there are rows, so that an upgraded site's schema differs
-- from a fresh install's.
DO $$
BEGIN
  IF EXISTS (SELECT FROM things) THEN
    CREATE INDEX things_name ON things (name);
  END IF;
END
$$;
