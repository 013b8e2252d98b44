-- Pictures, places and replies (issue 33). Keep in step with the other dialect.

-- Replies: a comment may answer another of the same idea. Threads are at most three levels
-- deep (depth 0, 1, 2); a reply to the deepest level joins that level. A removed comment's
-- replies stay, as answers to nothing.
ALTER TABLE comments ADD COLUMN parent_id BIGINT REFERENCES comments (id) ON DELETE SET NULL;
ALTER TABLE comments ADD COLUMN depth BIGINT NOT NULL DEFAULT 0 CHECK (depth BETWEEN 0 AND 2);
CREATE INDEX comments_by_parent ON comments (parent_id);

-- Pictures of an idea or measure (at most 3): the re-encoded picture and its thumbnail, both
-- in `images`, with the alt text its author wrote. Moderators hide one alone, as they hide text.
CREATE TABLE idea_pictures (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id       BIGINT  NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    author_id     BIGINT  NOT NULL REFERENCES users (id),
    image_id      BIGINT  NOT NULL REFERENCES images (id),
    thumb_id      BIGINT  NOT NULL REFERENCES images (id),
    position      BIGINT  NOT NULL,
    alt           TEXT    NOT NULL CHECK (length(alt) BETWEEN 1 AND 300),
    created_at    BIGINT  NOT NULL,
    hidden        INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    hidden_reason TEXT,
    hidden_note   TEXT
);
CREATE INDEX idea_pictures_by_idea ON idea_pictures (idea_id, position);
CREATE INDEX idea_pictures_by_author ON idea_pictures (author_id);

-- A community's areas (districts): a name and, when they were uploaded as GeoJSON, their shape
-- as a JSON array of polygons, each an array of rings of [longitude, latitude] points, and the
-- same drawn once for the screen: an SVG path in the community's map and where its label goes.
CREATE TABLE areas (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id BIGINT  NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    position     BIGINT  NOT NULL,
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    shape        TEXT,
    path         TEXT,
    label_x      REAL,
    label_y      REAL,
    UNIQUE (community_id, name)
);

-- How a community's areas were projected onto its map (JSON, `places::geo::Projection`), to
-- place an idea's point on it and to turn a click on it back into a point.
CREATE TABLE area_maps (
    community_id BIGINT PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    projection   TEXT   NOT NULL
);

-- An idea's place: its area and, optionally, a point in it.
ALTER TABLE ideas ADD COLUMN area_id BIGINT REFERENCES areas (id) ON DELETE SET NULL;
ALTER TABLE ideas ADD COLUMN lon REAL;
ALTER TABLE ideas ADD COLUMN lat REAL;
CREATE INDEX ideas_by_area ON ideas (area_id);
