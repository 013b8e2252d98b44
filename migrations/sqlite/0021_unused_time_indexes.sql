-- Migration 0019 indexed arguments and comments by time for the dashboard's count of today's
-- rows; since 0020 the dashboard reads kept days, nothing reads these, and every argument and
-- comment written kept them up. Keep in step with the other dialect.
DROP INDEX arguments_by_time;
DROP INDEX comments_by_time;
