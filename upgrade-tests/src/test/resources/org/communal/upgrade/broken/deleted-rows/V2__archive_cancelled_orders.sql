-- Meant to move cancelled orders to an archive; the DELETE lost its WHERE clause.
CREATE TABLE archived_orders AS SELECT * FROM orders WHERE status = 'cancelled';
DELETE FROM orders;
