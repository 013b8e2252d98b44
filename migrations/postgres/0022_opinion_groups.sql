-- Opinion groups (issue 31): computed in the background from each consultation's votes and
-- kept here for the pages, which never compute them. Keep in step with the other dialect.

-- When a vote counted on this day last changed: the worker compares the latest of these with
-- what its stored result saw. Set by the same statement that keeps the day's vote counts.
ALTER TABLE consultation_days ADD COLUMN votes_changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE consultation_days SET votes_changed_at = 1 WHERE votes_for + votes_against > 0;

CREATE TABLE opinion_groups (
    consultation_id BIGINT PRIMARY KEY REFERENCES consultations (id) ON DELETE CASCADE,
    -- The latest vote change the stored result includes.
    votes_seen_at   BIGINT NOT NULL DEFAULT 0,
    computed_at     BIGINT NOT NULL DEFAULT 0,
    took_ms         BIGINT NOT NULL DEFAULT 0,
    -- One worker computes a consultation at a time: the one whose claim has not run out.
    claimed_until   BIGINT NOT NULL DEFAULT 0,
    claimed_by      TEXT,
    -- JSON (`opinions::Stored`): the groups' sizes and places, each group's tallies of every
    -- idea, consensus and representative ideas, and the model that places a voter on the map.
    -- No row of it is about one person.
    result          TEXT
);
