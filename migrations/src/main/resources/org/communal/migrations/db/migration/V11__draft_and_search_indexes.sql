-- Indexes on tables that already hold rows, built without blocking writes: CREATE INDEX
-- CONCURRENTLY runs outside a transaction, so this file holds nothing else. Each index is first
-- dropped if a build that was interrupted left it behind INVALID, so the file can run again.

-- A reviewer has at most one draft review (and one draft reply per review) per review request.
DROP INDEX CONCURRENTLY IF EXISTS reviews_one_draft_key;
CREATE UNIQUE INDEX CONCURRENTLY reviews_one_draft_key ON reviews (review_request_id, user_id,
    coalesce(reply_to_id, 0)) WHERE NOT is_public;

-- Full-text search over review requests and published comments.
DROP INDEX CONCURRENTLY IF EXISTS review_requests_text_idx;
CREATE INDEX CONCURRENTLY review_requests_text_idx ON review_requests
    USING gin (to_tsvector('english', summary || ' ' || description));

DROP INDEX CONCURRENTLY IF EXISTS comments_text_idx;
CREATE INDEX CONCURRENTLY comments_text_idx ON comments USING gin (to_tsvector('english', text));
