-- A site's own look, set by a site administrator: its name, a short tagline per language
-- (JSON like the other texts), the brand colour (kept at AA contrast on white by the service)
-- and a logo (a re-encoded image). One row at most. Keep in step with the other dialect.
CREATE TABLE site_look (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    name          TEXT   NOT NULL,
    tagline       TEXT   NOT NULL DEFAULT '{}',
    colour        TEXT   NOT NULL,
    logo_image_id BIGINT REFERENCES images (id) ON DELETE SET NULL,
    updated_at    BIGINT NOT NULL
);
