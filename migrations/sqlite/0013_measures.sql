-- The city's measures (ukrepi) beside residents' ideas, their indicators (kazalniki) with
-- dated readings, progress updates, and the versions of both. Keep in step with the other
-- dialect.
--
-- A measure is an idea row of kind 'measure' with a `measures` row beside it, so votes,
-- arguments, comments, counters, moderation and follows work on it unchanged.
--
-- SQLite cannot change a CHECK in place: the notifications table is rebuilt to accept the new
-- kind 'update' (SQLite's documented steps: `Db::migrate` turns foreign keys off while migrations
-- run and checks them all afterwards, so dropping the old table cascades to no outbox row).

CREATE TABLE notifications_new (
    id         INTEGER PRIMARY KEY,
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
INSERT INTO notifications_new (id, user_id, kind, idea_id, subject_id, is_read, digest_id, mailed, created_at)
    SELECT id, user_id, kind, idea_id, subject_id, is_read, digest_id, mailed, created_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_by_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE is_read = 0;

ALTER TABLE ideas ADD COLUMN kind TEXT NOT NULL DEFAULT 'idea' CHECK (kind IN ('idea', 'measure'));

CREATE TABLE measures (
    idea_id      BIGINT PRIMARY KEY REFERENCES ideas (id) ON DELETE CASCADE,
    parent_id    BIGINT REFERENCES measures (idea_id) ON DELETE SET NULL,
    -- The city unit that carries the measure out.
    responsible  TEXT   NOT NULL CHECK (length(responsible) BETWEEN 1 AND 200),
    -- Planned start and end as 'YYYY-MM-DD'.
    starts_on    TEXT,
    ends_on      TEXT,
    status       TEXT   NOT NULL DEFAULT 'proposed'
                 CHECK (status IN ('proposed', 'planned', 'in_progress', 'done', 'dropped')),
    -- Progress in percent set by hand, only for a measure with sub-measures; NULL: derived.
    progress_set BIGINT CHECK (progress_set BETWEEN 0 AND 100),
    version      BIGINT NOT NULL DEFAULT 1,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX measures_by_parent ON measures (parent_id);

-- Every state a measure had: the JSON of its fields and indicators after each edit.
CREATE TABLE measure_versions (
    id         INTEGER PRIMARY KEY,
    measure_id BIGINT NOT NULL REFERENCES measures (idea_id) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    author_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    fields     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (measure_id, version)
);

-- Residents' ideas and the measures they led to.
CREATE TABLE measure_ideas (
    measure_id BIGINT NOT NULL REFERENCES measures (idea_id) ON DELETE CASCADE,
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (measure_id, idea_id)
);
CREATE INDEX measure_ideas_by_idea ON measure_ideas (idea_id);

CREATE TABLE indicators (
    id         INTEGER PRIMARY KEY,
    measure_id BIGINT NOT NULL REFERENCES measures (idea_id) ON DELETE CASCADE,
    name       TEXT   NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    unit       TEXT   NOT NULL CHECK (length(unit) <= 40),
    baseline   REAL   NOT NULL,
    target     REAL   NOT NULL,
    due_on     TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX indicators_by_measure ON indicators (measure_id, id);

CREATE TABLE indicator_readings (
    id           INTEGER PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    taken_on     TEXT   NOT NULL,
    value        REAL   NOT NULL,
    note         TEXT   NOT NULL CHECK (length(note) <= 500),
    source       TEXT   NOT NULL CHECK (length(source) <= 300),
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL
);
CREATE INDEX readings_by_indicator ON indicator_readings (indicator_id, taken_on);

-- Each reading as first entered and as every correction left it.
CREATE TABLE reading_versions (
    id         INTEGER PRIMARY KEY,
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

CREATE TABLE measure_updates (
    id         INTEGER PRIMARY KEY,
    measure_id BIGINT NOT NULL REFERENCES measures (idea_id) ON DELETE CASCADE,
    author_id  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at BIGINT NOT NULL
);
CREATE INDEX measure_updates_by_measure ON measure_updates (measure_id, created_at);
CREATE INDEX measure_updates_by_time ON measure_updates (created_at);
