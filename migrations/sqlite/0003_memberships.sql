-- Roles belong to a community, not to a person: someone may moderate one community and only
-- take part in another. A signed-in person with no row here is a resident everywhere. The
-- site administrator (runs the whole installation) is a flag on the person.
-- Keep in step with ../postgres/0003_memberships.sql.

CREATE TABLE memberships (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT   NOT NULL CHECK (role IN ('resident', 'moderator', 'admin')),
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

ALTER TABLE users ADD COLUMN site_admin INTEGER NOT NULL DEFAULT 0 CHECK (site_admin IN (0, 1));

-- The old global roles: an admin ran the installation; a moderator moderated every community.
UPDATE users SET site_admin = 1 WHERE role = 'admin';
INSERT INTO memberships (community_id, user_id, role, created_at)
    SELECT c.id, u.id, 'moderator', u.created_at FROM users u CROSS JOIN communities c
    WHERE u.role = 'moderator';

ALTER TABLE users DROP COLUMN role;
