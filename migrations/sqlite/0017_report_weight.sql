-- Reports that count towards hiding an item before a moderator looks: only those from accounts
-- with a confirmed address that are at least this many days old (never guests). Others still
-- reach the moderation queue. Three throwaway registrations could otherwise hide anything.
ALTER TABLE communities ADD COLUMN report_min_account_days BIGINT NOT NULL DEFAULT 7
    CHECK (report_min_account_days BETWEEN 0 AND 365);
