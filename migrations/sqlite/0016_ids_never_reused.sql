-- Ids are never handed out twice. Without AUTOINCREMENT, SQLite gives a new row the largest id
-- plus one, so deleting the newest idea (or account, or argument…) let the next one take its id,
-- and anything that remembered the old id (a cache, a session, a link in a mail) then pointed at
-- someone else's row. Each table keyed by an INTEGER PRIMARY KEY is rebuilt with AUTOINCREMENT,
-- its rows, ids, indexes and triggers kept (Db::migrate runs this with foreign keys off and
-- checks every key afterwards). PostgreSQL's identity sequences never repeat a value.
-- Written from the schema as migrations 0001–0015 leave it; RENAME must not rewrite other
-- tables' triggers while a table is briefly missing, hence legacy_alter_table.
PRAGMA legacy_alter_table = ON;


-- users
CREATE TABLE users__rebuilt (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 40),
    password_hash TEXT,
    created_at    BIGINT  NOT NULL
, site_admin INTEGER NOT NULL DEFAULT 0 CHECK (site_admin IN (0, 1)), lang TEXT NOT NULL DEFAULT 'sl', mail_mode TEXT NOT NULL DEFAULT 'instant'
    CHECK (mail_mode IN ('off', 'instant', 'daily')), time_zone TEXT, email_verified_at BIGINT, session_epoch BIGINT NOT NULL DEFAULT 0, deleted_at BIGINT, guest INTEGER NOT NULL DEFAULT 0 CHECK (guest IN (0, 1)));
INSERT INTO users__rebuilt SELECT * FROM users;
DROP TABLE users;
ALTER TABLE users__rebuilt RENAME TO users;

-- communities
CREATE TABLE communities__rebuilt (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    slug           TEXT   NOT NULL UNIQUE,
    created_at     BIGINT NOT NULL
, name TEXT NOT NULL DEFAULT '{}', description TEXT NOT NULL DEFAULT '{}', auto_hide_threshold BIGINT NOT NULL DEFAULT 3 CHECK (auto_hide_threshold BETWEEN 1 AND 100));
INSERT INTO communities__rebuilt SELECT * FROM communities;
DROP TABLE communities;
ALTER TABLE communities__rebuilt RENAME TO communities;

-- consultations
CREATE TABLE consultations__rebuilt (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id   BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    position       BIGINT NOT NULL DEFAULT 0,
    idea_count     BIGINT NOT NULL DEFAULT 0 CHECK (idea_count >= 0),
    created_at     BIGINT NOT NULL
, name TEXT NOT NULL DEFAULT '{}', description TEXT NOT NULL DEFAULT '{}', premoderation INTEGER NOT NULL DEFAULT 0 CHECK (premoderation IN (0, 1)), opens_at BIGINT NOT NULL DEFAULT 0, proposals_until BIGINT, voting_until BIGINT, archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)), cover_image_id BIGINT REFERENCES images (id) ON DELETE SET NULL, participation TEXT NOT NULL DEFAULT 'accounts'
    CHECK (participation IN ('accounts', 'guests')));
INSERT INTO consultations__rebuilt SELECT * FROM consultations;
DROP TABLE consultations;
ALTER TABLE consultations__rebuilt RENAME TO consultations;
CREATE INDEX consultations_community ON consultations (community_id, position);

-- ideas
CREATE TABLE ideas__rebuilt (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    author_id       BIGINT NOT NULL REFERENCES users (id),
    category_id     BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    title           TEXT   NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
    body            TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    excerpt         TEXT   NOT NULL,
    status_note     TEXT,
    up_count        BIGINT NOT NULL DEFAULT 0 CHECK (up_count >= 0),
    down_count      BIGINT NOT NULL DEFAULT 0 CHECK (down_count >= 0),
    argument_count  BIGINT NOT NULL DEFAULT 0 CHECK (argument_count >= 0),
    comment_count   BIGINT NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
, hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)), hidden_reason TEXT, hidden_note TEXT, edited_at BIGINT, status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'under_consideration', 'in_progress', 'adopted', 'rejected')), kind TEXT NOT NULL DEFAULT 'idea' CHECK (kind IN ('idea', 'measure')));
INSERT INTO ideas__rebuilt SELECT * FROM ideas;
DROP TABLE ideas;
ALTER TABLE ideas__rebuilt RENAME TO ideas;
CREATE INDEX ideas_by_author ON ideas (author_id);
CREATE INDEX ideas_by_group_score ON ideas (consultation_id, (up_count - down_count) DESC, up_count DESC, id DESC) WHERE hidden = 0;
CREATE INDEX ideas_by_group_new ON ideas (consultation_id, created_at DESC, id DESC) WHERE hidden = 0;
CREATE INDEX ideas_by_group_debated ON ideas (consultation_id, (argument_count + comment_count) DESC, id DESC) WHERE hidden = 0;
CREATE TRIGGER search_idea_insert AFTER INSERT ON ideas WHEN new.hidden = 0 BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        VALUES (2 * new.id, new.title, new.body, 'idea', new.id, new.id, new.consultation_id);
END;
CREATE TRIGGER search_idea_update AFTER UPDATE OF title, body ON ideas BEGIN
    UPDATE search_docs SET title = new.title, body = new.body WHERE rowid = 2 * new.id;
END;
CREATE TRIGGER search_idea_hide AFTER UPDATE OF hidden ON ideas
    WHEN new.hidden = 1 AND old.hidden = 0 BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * new.id;
    DELETE FROM search_docs WHERE rowid IN (SELECT 2 * id + 1 FROM arguments WHERE idea_id = new.id);
END;
CREATE TRIGGER search_idea_show AFTER UPDATE OF hidden ON ideas
    WHEN new.hidden = 0 AND old.hidden = 1 BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        VALUES (2 * new.id, new.title, new.body, 'idea', new.id, new.id, new.consultation_id);
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        SELECT 2 * id + 1, '', body, 'argument', id, idea_id, new.consultation_id
        FROM arguments WHERE idea_id = new.id AND hidden = 0;
END;
CREATE TRIGGER search_idea_delete AFTER DELETE ON ideas BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * old.id;
END;
CREATE INDEX ideas_by_group_id ON ideas (consultation_id, id) WHERE hidden = 0;

-- arguments
CREATE TABLE arguments__rebuilt (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id         BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    author_id       BIGINT NOT NULL REFERENCES users (id),
    side            TEXT   NOT NULL CHECK (side IN ('for', 'against')),
    body            TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
    helpful_count   BIGINT NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
    unhelpful_count BIGINT NOT NULL DEFAULT 0 CHECK (unhelpful_count >= 0),
    created_at      BIGINT NOT NULL
, hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)), hidden_reason TEXT, hidden_note TEXT);
INSERT INTO arguments__rebuilt SELECT * FROM arguments;
DROP TABLE arguments;
ALTER TABLE arguments__rebuilt RENAME TO arguments;
CREATE INDEX arguments_by_idea ON arguments (idea_id, side);
CREATE INDEX arguments_by_author ON arguments (author_id);
CREATE TRIGGER search_argument_insert AFTER INSERT ON arguments WHEN new.hidden = 0 BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        SELECT 2 * new.id + 1, '', new.body, 'argument', new.id, new.idea_id, i.consultation_id
        FROM ideas i WHERE i.id = new.idea_id AND i.hidden = 0;
END;
CREATE TRIGGER search_argument_update AFTER UPDATE OF body ON arguments BEGIN
    UPDATE search_docs SET body = new.body WHERE rowid = 2 * new.id + 1;
END;
CREATE TRIGGER search_argument_hide AFTER UPDATE OF hidden ON arguments
    WHEN new.hidden = 1 AND old.hidden = 0 BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * new.id + 1;
END;
CREATE TRIGGER search_argument_show AFTER UPDATE OF hidden ON arguments
    WHEN new.hidden = 0 AND old.hidden = 1 BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        SELECT 2 * new.id + 1, '', new.body, 'argument', new.id, new.idea_id, i.consultation_id
        FROM ideas i WHERE i.id = new.idea_id AND i.hidden = 0;
END;
CREATE TRIGGER search_argument_delete AFTER DELETE ON arguments BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * old.id + 1;
END;

-- comments
CREATE TABLE comments__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users (id),
    body       TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at BIGINT NOT NULL
, hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)), hidden_reason TEXT, hidden_note TEXT);
INSERT INTO comments__rebuilt SELECT * FROM comments;
DROP TABLE comments;
ALTER TABLE comments__rebuilt RENAME TO comments;
CREATE INDEX comments_by_idea ON comments (idea_id, created_at);
CREATE INDEX comments_by_author ON comments (author_id);

-- categories
CREATE TABLE categories__rebuilt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL
, position BIGINT NOT NULL DEFAULT 0);
INSERT INTO categories__rebuilt SELECT * FROM categories;
DROP TABLE categories;
ALTER TABLE categories__rebuilt RENAME TO categories;
CREATE INDEX categories_by_community ON categories (community_id);

-- audit_log
CREATE TABLE audit_log__rebuilt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id BIGINT,
    actor_id     BIGINT,
    actor_name   TEXT,
    action       TEXT    NOT NULL,
    target_kind  TEXT    NOT NULL,
    target_id    BIGINT  NOT NULL,
    reason       TEXT,
    note         TEXT,
    public       INTEGER NOT NULL CHECK (public IN (0, 1)),
    created_at   BIGINT  NOT NULL
);
INSERT INTO audit_log__rebuilt SELECT * FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log__rebuilt RENAME TO audit_log;
CREATE INDEX audit_by_community ON audit_log (community_id, id DESC);
CREATE INDEX audit_public ON audit_log (community_id, public, id DESC);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- idea_revisions
CREATE TABLE idea_revisions__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    title      TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    edited_by  BIGINT,
    created_at BIGINT NOT NULL
);
INSERT INTO idea_revisions__rebuilt SELECT * FROM idea_revisions;
DROP TABLE idea_revisions;
ALTER TABLE idea_revisions__rebuilt RENAME TO idea_revisions;
CREATE INDEX idea_revisions_by_idea ON idea_revisions (idea_id, id);

-- idea_status_changes
CREATE TABLE idea_status_changes__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    status     TEXT   NOT NULL,
    message    TEXT   NOT NULL,
    -- NULL for answers that predate this table.
    author_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO idea_status_changes__rebuilt SELECT * FROM idea_status_changes;
DROP TABLE idea_status_changes;
ALTER TABLE idea_status_changes__rebuilt RENAME TO idea_status_changes;
CREATE INDEX idea_status_changes_by_idea ON idea_status_changes (idea_id, created_at);

-- images
CREATE TABLE images__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    bytes      BLOB   NOT NULL,
    width      BIGINT NOT NULL CHECK (width > 0),
    height     BIGINT NOT NULL CHECK (height > 0),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO images__rebuilt SELECT * FROM images;
DROP TABLE images;
ALTER TABLE images__rebuilt RENAME TO images;

-- notifications
CREATE TABLE notifications__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL CHECK (kind IN ('status', 'argument', 'comment', 'moderation', 'update')),
    idea_id    BIGINT REFERENCES ideas (id) ON DELETE CASCADE,
    -- The status change, argument, comment or progress update; for moderation the audit row.
    subject_id BIGINT NOT NULL,
    is_read    INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
    digest_id  BIGINT,
    mailed     INTEGER NOT NULL DEFAULT 0 CHECK (mailed IN (0, 1)),
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, kind, subject_id)
);
INSERT INTO notifications__rebuilt SELECT * FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications__rebuilt RENAME TO notifications;
CREATE INDEX notifications_by_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE is_read = 0;

-- measure_versions
CREATE TABLE measure_versions__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id BIGINT NOT NULL REFERENCES measures (idea_id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    author_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    fields     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (measure_id, version)
);
INSERT INTO measure_versions__rebuilt SELECT * FROM measure_versions;
DROP TABLE measure_versions;
ALTER TABLE measure_versions__rebuilt RENAME TO measure_versions;

-- indicators
CREATE TABLE indicators__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id BIGINT NOT NULL REFERENCES measures (idea_id) ON DELETE CASCADE,
    name       TEXT   NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit       TEXT   NOT NULL CHECK (length(unit) <= 40),
    baseline   REAL   NOT NULL,
    target     REAL   NOT NULL,
    due_on     TEXT,
    created_at BIGINT NOT NULL
);
INSERT INTO indicators__rebuilt SELECT * FROM indicators;
DROP TABLE indicators;
ALTER TABLE indicators__rebuilt RENAME TO indicators;
CREATE INDEX indicators_by_measure ON indicators (measure_id, id);

-- indicator_readings
CREATE TABLE indicator_readings__rebuilt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    taken_on     TEXT   NOT NULL,
    value        REAL   NOT NULL,
    note         TEXT   NOT NULL CHECK (length(note) <= 500),
    source       TEXT   NOT NULL CHECK (length(source) <= 300),
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL
);
INSERT INTO indicator_readings__rebuilt SELECT * FROM indicator_readings;
DROP TABLE indicator_readings;
ALTER TABLE indicator_readings__rebuilt RENAME TO indicator_readings;
CREATE INDEX readings_by_indicator ON indicator_readings (indicator_id, taken_on);

-- reading_versions
CREATE TABLE reading_versions__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    reading_id BIGINT NOT NULL REFERENCES indicator_readings (id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    taken_on   TEXT   NOT NULL,
    value      REAL   NOT NULL,
    note       TEXT   NOT NULL,
    source     TEXT   NOT NULL,
    author_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (reading_id, version)
);
INSERT INTO reading_versions__rebuilt SELECT * FROM reading_versions;
DROP TABLE reading_versions;
ALTER TABLE reading_versions__rebuilt RENAME TO reading_versions;

-- measure_updates
CREATE TABLE measure_updates__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id BIGINT NOT NULL REFERENCES measures (idea_id) ON DELETE CASCADE,
    author_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at BIGINT NOT NULL
);
INSERT INTO measure_updates__rebuilt SELECT * FROM measure_updates;
DROP TABLE measure_updates;
ALTER TABLE measure_updates__rebuilt RENAME TO measure_updates;
CREATE INDEX measure_updates_by_measure ON measure_updates (measure_id, created_at);
CREATE INDEX measure_updates_by_time ON measure_updates (created_at);

-- account_tokens
CREATE TABLE account_tokens__rebuilt (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT   NOT NULL CHECK (purpose IN ('reset', 'verify')),
    -- The address a 'verify' link confirms: NULL for the account's own, or the one it changes to.
    new_email  TEXT,
    -- SHA-256 of the secret in the link. Written when the mail is composed, so the secret itself
    -- is never stored; NULL until then.
    token_hash TEXT UNIQUE,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    created_at BIGINT NOT NULL
);
INSERT INTO account_tokens__rebuilt SELECT * FROM account_tokens;
DROP TABLE account_tokens;
ALTER TABLE account_tokens__rebuilt RENAME TO account_tokens;
CREATE INDEX account_tokens_by_user ON account_tokens (user_id, purpose);

-- outbox
CREATE TABLE outbox__rebuilt (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- One notification (mail at once), the digest of one day (YYYY-MM-DD, local time), or a link.
    notification_id  BIGINT UNIQUE REFERENCES notifications (id) ON DELETE CASCADE,
    digest_day       TEXT,
    account_token_id BIGINT UNIQUE REFERENCES account_tokens (id) ON DELETE CASCADE,
    created_at       BIGINT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    claimed_until    BIGINT NOT NULL DEFAULT 0,
    sent_at          BIGINT,
    last_error       TEXT,
    claimed_by       TEXT,
    CHECK ((notification_id IS NOT NULL) + (digest_day IS NOT NULL) + (account_token_id IS NOT NULL) = 1),
    UNIQUE (user_id, digest_day)
);
INSERT INTO outbox__rebuilt SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox__rebuilt RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- registration_questions
CREATE TABLE registration_questions__rebuilt (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    position        BIGINT NOT NULL DEFAULT 0,
    question        TEXT   NOT NULL,
    options         TEXT   NOT NULL,
    created_at      BIGINT NOT NULL
);
INSERT INTO registration_questions__rebuilt SELECT * FROM registration_questions;
DROP TABLE registration_questions;
ALTER TABLE registration_questions__rebuilt RENAME TO registration_questions;
CREATE INDEX registration_questions_by_consultation ON registration_questions (consultation_id, position);

PRAGMA legacy_alter_table = OFF;
