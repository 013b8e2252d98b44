-- Posvet core schema (SQLite). Keep in step with ../postgres/0001_core.sql.
-- Times are Unix milliseconds (BIGINT); booleans would be INTEGER 0/1 (sqlx Any limits).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 40),
    password_hash TEXT,
    role          TEXT    NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'moderator', 'admin')),
    created_at    BIGINT  NOT NULL
);

CREATE TABLE communities (
    id             INTEGER PRIMARY KEY,
    slug           TEXT   NOT NULL UNIQUE,
    name_sl        TEXT   NOT NULL,
    name_en        TEXT   NOT NULL,
    description_sl TEXT   NOT NULL,
    description_en TEXT   NOT NULL,
    created_at     BIGINT NOT NULL
);

-- A consultation is a "group" in the interface: one strategic goal, with its ideas.
CREATE TABLE consultations (
    id             INTEGER PRIMARY KEY,
    community_id   BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    position       BIGINT NOT NULL DEFAULT 0,
    name_sl        TEXT   NOT NULL,
    name_en        TEXT   NOT NULL,
    description_sl TEXT   NOT NULL,
    description_en TEXT   NOT NULL,
    idea_count     BIGINT NOT NULL DEFAULT 0 CHECK (idea_count >= 0),
    created_at     BIGINT NOT NULL
);
CREATE INDEX consultations_community ON consultations (community_id, position);

CREATE TABLE categories (
    id           INTEGER PRIMARY KEY,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name_sl      TEXT   NOT NULL,
    name_en      TEXT   NOT NULL,
    UNIQUE (community_id, name_en)
);

CREATE TABLE ideas (
    id              INTEGER PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    author_id       BIGINT NOT NULL REFERENCES users (id),
    category_id     BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    title           TEXT   NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
    body            TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    excerpt         TEXT   NOT NULL,
    status          TEXT   NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'adopted', 'rejected')),
    status_note     TEXT,
    up_count        BIGINT NOT NULL DEFAULT 0 CHECK (up_count >= 0),
    down_count      BIGINT NOT NULL DEFAULT 0 CHECK (down_count >= 0),
    argument_count  BIGINT NOT NULL DEFAULT 0 CHECK (argument_count >= 0),
    comment_count   BIGINT NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX ideas_by_group_new ON ideas (consultation_id, created_at DESC);
CREATE INDEX ideas_by_group_top ON ideas (consultation_id, up_count DESC);
CREATE INDEX ideas_by_author ON ideas (author_id);

CREATE TABLE idea_votes (
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value      BIGINT NOT NULL CHECK (value IN (-1, 1)),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);
CREATE INDEX idea_votes_by_user ON idea_votes (user_id);

CREATE TABLE arguments (
    id              INTEGER PRIMARY KEY,
    idea_id         BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    author_id       BIGINT NOT NULL REFERENCES users (id),
    side            TEXT   NOT NULL CHECK (side IN ('for', 'against')),
    body            TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
    helpful_count   BIGINT NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
    unhelpful_count BIGINT NOT NULL DEFAULT 0 CHECK (unhelpful_count >= 0),
    created_at      BIGINT NOT NULL
);
CREATE INDEX arguments_by_idea ON arguments (idea_id, side);

CREATE TABLE argument_votes (
    argument_id BIGINT NOT NULL REFERENCES arguments (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value       BIGINT NOT NULL CHECK (value IN (-1, 1)),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (argument_id, user_id)
);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    idea_id    BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users (id),
    body       TEXT   NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    created_at BIGINT NOT NULL
);
CREATE INDEX comments_by_idea ON comments (idea_id, created_at);
