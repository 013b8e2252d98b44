-- Moderation: reports, the queue, hidden content with its reason, appeals, bans, and the
-- audit log. Keep in step with ../postgres/0005_moderation.sql.

-- Hidden content stays stored (votes on it too) and comes back when restored. The reason is
-- a rule (spam, offensive, off_topic, personal_data, other) or awaiting_review (hidden by
-- reports, or waiting for pre-moderation); the note is the moderator's message to the author.
ALTER TABLE ideas ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
ALTER TABLE ideas ADD COLUMN hidden_reason TEXT;
ALTER TABLE ideas ADD COLUMN hidden_note TEXT;
ALTER TABLE ideas ADD COLUMN edited_at BIGINT;
ALTER TABLE arguments ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
ALTER TABLE arguments ADD COLUMN hidden_reason TEXT;
ALTER TABLE arguments ADD COLUMN hidden_note TEXT;
ALTER TABLE comments ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
ALTER TABLE comments ADD COLUMN hidden_reason TEXT;
ALTER TABLE comments ADD COLUMN hidden_note TEXT;

-- The consultation page lists visible ideas only: its indexes hold only those.
DROP INDEX ideas_by_group_score;
DROP INDEX ideas_by_group_new;
DROP INDEX ideas_by_group_debated;
CREATE INDEX ideas_by_group_score ON ideas (consultation_id, (up_count - down_count) DESC, up_count DESC, id DESC) WHERE hidden = 0;
CREATE INDEX ideas_by_group_new ON ideas (consultation_id, created_at DESC, id DESC) WHERE hidden = 0;
CREATE INDEX ideas_by_group_debated ON ideas (consultation_id, (argument_count + comment_count) DESC, id DESC) WHERE hidden = 0;
CREATE INDEX arguments_by_author ON arguments (author_id);
CREATE INDEX comments_by_author ON comments (author_id);

ALTER TABLE communities ADD COLUMN auto_hide_threshold BIGINT NOT NULL DEFAULT 3 CHECK (auto_hide_threshold BETWEEN 1 AND 100);
ALTER TABLE consultations ADD COLUMN premoderation INTEGER NOT NULL DEFAULT 0 CHECK (premoderation IN (0, 1));

-- A ban is a state of a membership: the person reads, and writes nothing, in that community.
ALTER TABLE memberships ADD COLUMN banned INTEGER NOT NULL DEFAULT 0 CHECK (banned IN (0, 1));
ALTER TABLE memberships ADD COLUMN banned_until BIGINT;
ALTER TABLE memberships ADD COLUMN ban_reason TEXT;

-- One report per person and item, ever; `open` until a moderator decides.
CREATE TABLE reports (
    target_kind TEXT   NOT NULL CHECK (target_kind IN ('idea', 'argument', 'comment')),
    target_id   BIGINT NOT NULL,
    reporter_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT   NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'personal_data', 'other')),
    note        TEXT   CHECK (note IS NULL OR length(note) <= 500),
    open        INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (target_kind, target_id, reporter_id)
);

-- Items waiting for a decision: reported, awaiting pre-moderation, or appealed. A row leaves
-- when a moderator decides; what was decided stays in the audit log.
CREATE TABLE queue_items (
    target_kind  TEXT    NOT NULL CHECK (target_kind IN ('idea', 'argument', 'comment')),
    target_id    BIGINT  NOT NULL,
    community_id BIGINT  NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    urgent       INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    report_count BIGINT  NOT NULL DEFAULT 0 CHECK (report_count >= 0),
    awaiting_approval INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_approval IN (0, 1)),
    appealed     INTEGER NOT NULL DEFAULT 0 CHECK (appealed IN (0, 1)),
    opened_at    BIGINT  NOT NULL,
    PRIMARY KEY (target_kind, target_id)
);
CREATE INDEX queue_order ON queue_items (community_id, urgent DESC, opened_at, target_kind, target_id);

-- An author may appeal a hidden item once; the decision is final.
CREATE TABLE appeals (
    target_kind TEXT   NOT NULL CHECK (target_kind IN ('idea', 'argument', 'comment')),
    target_id   BIGINT NOT NULL,
    author_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body        TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    decision    TEXT   CHECK (decision IS NULL OR decision IN ('restored', 'upheld')),
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT,
    PRIMARY KEY (target_kind, target_id)
);

-- Every moderator and administrator action, written in the action's transaction. Rows are
-- never changed or removed (the triggers refuse it); names are copied, not referenced, so the
-- log outlives accounts. `public` rows make the community's public moderation log.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
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
CREATE INDEX audit_by_community ON audit_log (community_id, id DESC);
CREATE INDEX audit_public ON audit_log (community_id, public, id DESC);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Earlier versions of an idea, kept once people have voted on or argued about it.
CREATE TABLE idea_revisions (
    id         INTEGER PRIMARY KEY,
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    title      TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    edited_by  BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX idea_revisions_by_idea ON idea_revisions (idea_id, id);
