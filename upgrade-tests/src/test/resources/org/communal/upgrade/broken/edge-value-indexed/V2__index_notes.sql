-- Sound on every value a site is likely to hold, but a btree entry must fit in a third of a page:
-- a note of thousands of characters fails it.
CREATE INDEX things_notes ON things (notes);
