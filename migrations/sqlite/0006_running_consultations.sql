-- Running a consultation: phases with dates, official answers with their history, who
-- follows what, notifications, and mail waiting to be sent. Keep in step with
-- ../postgres/0006_running_consultations.sql.

-- Phases: proposals (ideas, arguments, comments, votes) from opens_at until proposals_until,
-- then voting only until voting_until, then closed. NULL ends mean "no end set yet".
ALTER TABLE consultations ADD COLUMN opens_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE consultations ADD COLUMN proposals_until BIGINT;
ALTER TABLE consultations ADD COLUMN voting_until BIGINT;

-- A fifth status, "under consideration". SQLite cannot change a CHECK constraint, but it can
-- drop a column whose only constraint is its own: the status moves to a new column.
ALTER TABLE ideas RENAME COLUMN status TO status_before;
ALTER TABLE ideas ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'under_consideration', 'in_progress', 'adopted', 'rejected'));
UPDATE ideas SET status = status_before;
ALTER TABLE ideas DROP COLUMN status_before;

-- Every official answer, public: the status set and the city's message. The idea keeps the
-- latest in ideas.status / ideas.status_note.
CREATE TABLE idea_status_changes (
    id         INTEGER PRIMARY KEY,
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    status     TEXT   NOT NULL,
    message    TEXT   NOT NULL,
    -- NULL for answers that predate this table.
    author_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX idea_status_changes_by_idea ON idea_status_changes (idea_id, created_at);
INSERT INTO idea_status_changes (idea_id, status, message, author_id, created_at)
    SELECT id, status, COALESCE(status_note, ''), NULL, updated_at FROM ideas WHERE status <> 'open';

CREATE TABLE follows (
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    -- 1 = follows, 0 = chose to stop following (taking part again does not undo that).
    following  INTEGER NOT NULL CHECK (following IN (0, 1)),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX follows_by_user ON follows (user_id);

-- What a person wants by mail, and in which language Posvet writes to them.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'sl';
ALTER TABLE users ADD COLUMN mail_mode TEXT NOT NULL DEFAULT 'instant'
    CHECK (mail_mode IN ('off', 'instant', 'daily'));

-- One row per person and event. The text is written when read, in the reader's language, from
-- the kind and what it points to.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL CHECK (kind IN ('status', 'argument', 'comment', 'moderation')),
    idea_id    BIGINT REFERENCES ideas (id) ON DELETE CASCADE,
    -- The status change, argument or comment; for moderation the audit row.
    subject_id BIGINT NOT NULL,
    is_read    INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
    -- 0 while it waits for a daily digest; the digest's outbox row once in one.
    digest_id  BIGINT,
    mailed     INTEGER NOT NULL DEFAULT 0 CHECK (mailed IN (0, 1)),
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, kind, subject_id)
);
CREATE INDEX notifications_by_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE is_read = 0;

-- Mail waiting to be sent, written in the same transaction as what it tells about, sent by the
-- worker (server/src/mailer.rs). The text is composed when sent, in the recipient's language,
-- to the address they have then. A row is claimed for a while (claimed_until) before sending,
-- so two workers never send it at the same time; sent_at is set once the SMTP server took it.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- One notification (mail at once), or the digest of one day (YYYY-MM-DD, local time).
    notification_id BIGINT UNIQUE REFERENCES notifications (id) ON DELETE CASCADE,
    digest_day      TEXT,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until   BIGINT NOT NULL DEFAULT 0,
    sent_at         BIGINT,
    last_error      TEXT,
    CHECK ((notification_id IS NULL) <> (digest_day IS NULL)),
    UNIQUE (user_id, digest_day)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
