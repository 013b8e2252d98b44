-- When a moderator's decision closed a report (the results dashboard's "time to decision").
-- NULL while open, and for reports closed before this column existed. Keep in step with the
-- other dialect.
ALTER TABLE reports ADD COLUMN closed_at BIGINT;
CREATE INDEX reports_by_time ON reports (created_at);
