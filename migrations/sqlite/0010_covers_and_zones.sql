-- Cover images of consultations, stored as the server re-encoded them (a JPEG without any of
-- the upload's metadata), and each person's time zone. Keep in step with the other dialect.
CREATE TABLE images (
    id         INTEGER PRIMARY KEY,
    bytes      BLOB   NOT NULL,
    width      BIGINT NOT NULL CHECK (width > 0),
    height     BIGINT NOT NULL CHECK (height > 0),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
ALTER TABLE consultations ADD COLUMN cover_image_id BIGINT REFERENCES images (id) ON DELETE SET NULL;

-- An IANA zone name such as 'Europe/Ljubljana'; NULL means the site's zone.
ALTER TABLE users ADD COLUMN time_zone TEXT;
