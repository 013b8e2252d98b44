-- Accounts: confirmed addresses, signing out everywhere, deleted accounts, and the one-use links
-- sent by mail (reset a password, confirm an address).
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;
-- A session remembers the epoch it was made in; raising the epoch ends every session at once.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
-- A deleted account keeps its row, emptied of everything personal, so its votes stay counted.
ALTER TABLE users ADD COLUMN deleted_at BIGINT;

CREATE TABLE account_tokens (
    id         INTEGER PRIMARY KEY,
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
CREATE INDEX account_tokens_by_user ON account_tokens (user_id, purpose);

-- Accounts at OpenID Connect providers that sign a person in: the provider's id (from the
-- configuration) and its stable subject identifier. Nothing else of the provider's is kept.
CREATE TABLE identities (
    provider   TEXT   NOT NULL,
    subject    TEXT   NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX identities_by_user ON identities (user_id);

-- The outbox also carries the mail of a link; SQLite changes a CHECK only by rebuilding the table
-- (Db::migrate runs this with foreign keys off and checks them afterwards).
CREATE TABLE outbox_new (
    id               INTEGER PRIMARY KEY,
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
INSERT INTO outbox_new (id, user_id, notification_id, digest_day, created_at, attempts, next_attempt_at,
                        claimed_until, sent_at, last_error, claimed_by)
    SELECT id, user_id, notification_id, digest_day, created_at, attempts, next_attempt_at,
           claimed_until, sent_at, last_error, claimed_by FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
