-- Statements (issue 31): a consultation of short statements voted agree / disagree / pass, as
-- in Pol.is. Keep in step with the other dialect.
--
-- A statement is an idea of a consultation whose format is 'statements': its text is the
-- title (up to 140 characters when written here; Pol.is conversations imported as they are
-- hold longer ones, hence 400), with no description. A pass is a vote of 0: it counts as
-- having seen the statement (the opinion groups' vote matrix holds it as Pol.is does) and in
-- neither counter. Each idea keeps its group-informed consensus, written by the opinion
-- groups' worker, for the "common ground" order. SQLite changes a constraint only by
-- rebuilding the table (see 0016: foreign keys are off while migrations run).
PRAGMA legacy_alter_table = ON;

ALTER TABLE consultations ADD COLUMN format TEXT NOT NULL DEFAULT 'ideas'
    CHECK (format IN ('ideas', 'statements'));

-- Accounts made by an import keep the participant's id in the source (e.g. Pol.is's).
ALTER TABLE users ADD COLUMN external_id TEXT;

CREATE TABLE ideas__rebuilt (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    author_id       BIGINT NOT NULL REFERENCES users (id),
    category_id     BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    title           TEXT   NOT NULL CHECK (length(title) BETWEEN 1 AND 400),
    body            TEXT   NOT NULL CHECK (length(body) BETWEEN 0 AND 10000),
    excerpt         TEXT   NOT NULL,
    status_note     TEXT,
    up_count        BIGINT NOT NULL DEFAULT 0 CHECK (up_count >= 0),
    down_count      BIGINT NOT NULL DEFAULT 0 CHECK (down_count >= 0),
    argument_count  BIGINT NOT NULL DEFAULT 0 CHECK (argument_count >= 0),
    comment_count   BIGINT NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
, hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)), hidden_reason TEXT, hidden_note TEXT, edited_at BIGINT, status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'under_consideration', 'in_progress', 'adopted', 'rejected')), kind TEXT NOT NULL DEFAULT 'idea' CHECK (kind IN ('idea', 'measure')),
    consensus DOUBLE PRECISION);
INSERT INTO ideas__rebuilt (id, consultation_id, author_id, category_id, title, body, excerpt,
    status_note, up_count, down_count, argument_count, comment_count, created_at, updated_at,
    hidden, hidden_reason, hidden_note, edited_at, status, kind)
    SELECT id, consultation_id, author_id, category_id, title, body, excerpt, status_note,
    up_count, down_count, argument_count, comment_count, created_at, updated_at, hidden,
    hidden_reason, hidden_note, edited_at, status, kind FROM ideas;
DROP TABLE ideas;
ALTER TABLE ideas__rebuilt RENAME TO ideas;
CREATE INDEX ideas_by_author ON ideas (author_id);
CREATE INDEX ideas_by_group_score ON ideas (consultation_id, (up_count - down_count) DESC, up_count DESC, id DESC) WHERE hidden = 0;
CREATE INDEX ideas_by_group_new ON ideas (consultation_id, created_at DESC, id DESC) WHERE hidden = 0;
CREATE INDEX ideas_by_group_debated ON ideas (consultation_id, (argument_count + comment_count) DESC, id DESC) WHERE hidden = 0;
CREATE INDEX ideas_by_group_consensus ON ideas (consultation_id, consensus DESC, id DESC) WHERE hidden = 0;
CREATE INDEX ideas_by_group_id ON ideas (consultation_id, id) WHERE hidden = 0;
CREATE INDEX ideas_by_time ON ideas (created_at);
CREATE INDEX ideas_hidden ON ideas (consultation_id) WHERE hidden = 1;
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

CREATE TABLE idea_votes__rebuilt (
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value      BIGINT NOT NULL CHECK (value IN (-1, 0, 1)),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);
INSERT INTO idea_votes__rebuilt SELECT idea_id, user_id, value, created_at FROM idea_votes;
DROP TABLE idea_votes;
ALTER TABLE idea_votes__rebuilt RENAME TO idea_votes;
CREATE INDEX idea_votes_by_user ON idea_votes (user_id);

-- Arguments helpful across opinion groups (written by the same worker): the group-informed
-- consensus of their helpfulness ratings, and whether more people marked them helpful than
-- not in every group.
ALTER TABLE arguments ADD COLUMN consensus DOUBLE PRECISION;
ALTER TABLE arguments ADD COLUMN every_group INTEGER NOT NULL DEFAULT 0 CHECK (every_group IN (0, 1));
