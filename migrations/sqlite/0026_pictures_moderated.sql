-- Pictures are moderated like text (issue 33): reports, the queue and appeals accept the kind
-- 'picture'. Keep in step with the other dialect.
--
-- SQLite cannot change a CHECK in place: the three tables are rebuilt (SQLite's documented
-- steps; `Db::migrate` turns foreign keys off while migrations run and checks them afterwards).

CREATE TABLE reports_new (
    target_kind TEXT   NOT NULL CHECK (target_kind IN ('idea', 'argument', 'comment', 'picture')),
    target_id   BIGINT NOT NULL,
    reporter_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT   NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'personal_data', 'other')),
    note        TEXT   CHECK (note IS NULL OR length(note) <= 500),
    open        INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
    created_at  BIGINT NOT NULL,
    closed_at   BIGINT,
    community_id BIGINT REFERENCES communities (id) ON DELETE CASCADE,
    PRIMARY KEY (target_kind, target_id, reporter_id)
);
INSERT INTO reports_new (target_kind, target_id, reporter_id, reason, note, open, created_at,
                         closed_at, community_id)
    SELECT target_kind, target_id, reporter_id, reason, note, open, created_at, closed_at,
           community_id FROM reports;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;
CREATE INDEX reports_by_time ON reports (created_at);
CREATE INDEX reports_opened ON reports (community_id, created_at);
CREATE INDEX reports_closed ON reports (community_id, closed_at);

CREATE TABLE queue_items_new (
    target_kind  TEXT    NOT NULL CHECK (target_kind IN ('idea', 'argument', 'comment', 'picture')),
    target_id    BIGINT  NOT NULL,
    community_id BIGINT  NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    urgent       INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
    report_count BIGINT  NOT NULL DEFAULT 0 CHECK (report_count >= 0),
    awaiting_approval INTEGER NOT NULL DEFAULT 0 CHECK (awaiting_approval IN (0, 1)),
    appealed     INTEGER NOT NULL DEFAULT 0 CHECK (appealed IN (0, 1)),
    opened_at    BIGINT  NOT NULL,
    PRIMARY KEY (target_kind, target_id)
);
INSERT INTO queue_items_new (target_kind, target_id, community_id, urgent, report_count,
                             awaiting_approval, appealed, opened_at)
    SELECT target_kind, target_id, community_id, urgent, report_count, awaiting_approval,
           appealed, opened_at FROM queue_items;
DROP TABLE queue_items;
ALTER TABLE queue_items_new RENAME TO queue_items;
CREATE INDEX queue_order ON queue_items (community_id, urgent DESC, opened_at, target_kind, target_id);

CREATE TABLE appeals_new (
    target_kind TEXT   NOT NULL CHECK (target_kind IN ('idea', 'argument', 'comment', 'picture')),
    target_id   BIGINT NOT NULL,
    author_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body        TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
    decision    TEXT   CHECK (decision IS NULL OR decision IN ('restored', 'upheld')),
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT,
    PRIMARY KEY (target_kind, target_id)
);
INSERT INTO appeals_new (target_kind, target_id, author_id, body, decision, created_at, decided_at)
    SELECT target_kind, target_id, author_id, body, decision, created_at, decided_at FROM appeals;
DROP TABLE appeals;
ALTER TABLE appeals_new RENAME TO appeals;
