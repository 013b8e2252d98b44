-- Activity kept per day as it is written, so the results page and the dashboard read a row
-- per day instead of every vote (a results page at a million votes took 2.6 s, a dashboard at
-- ten million 0.6 s from today's rows alone). The data layer keeps these in the transaction
-- of each write; the server fills them from the rows at its start when they are empty (days
-- are the site's local days, which need its time zone, so SQL here cannot). Keep in step
-- with the other dialect.

-- Replaced by the tables below: past days counted once, today counted live.
DROP TABLE activity_days;
DROP INDEX idea_votes_by_time;
DROP TABLE community_participants;

-- Per consultation and local day: what was written (votes by the day they were cast, as
-- long as they stand), the people who took part that day, and those taking part for the
-- first time (their sum is everyone who ever took part).
CREATE TABLE consultation_days (
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    day             BIGINT NOT NULL,
    ideas           BIGINT NOT NULL DEFAULT 0,
    arguments       BIGINT NOT NULL DEFAULT 0,
    comments        BIGINT NOT NULL DEFAULT 0,
    votes_for       BIGINT NOT NULL DEFAULT 0,
    votes_against   BIGINT NOT NULL DEFAULT 0,
    participants    BIGINT NOT NULL DEFAULT 0,
    newcomers       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (consultation_id, day)
);

-- The same people per community: someone in two consultations on a day is one person.
CREATE TABLE community_days (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    day          BIGINT NOT NULL,
    participants BIGINT NOT NULL DEFAULT 0,
    newcomers    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (community_id, day)
);

-- Who took part (proposed, voted on an idea, argued or commented), and on which local day
-- last: a part on a later day counts the person once for that day.
CREATE TABLE consultation_participants (
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_day        BIGINT NOT NULL,
    PRIMARY KEY (consultation_id, user_id)
);
CREATE TABLE community_participants (
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_day     BIGINT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX community_participants_by_day ON community_participants (community_id, last_day);
-- A person's own rows: their data download, and whether a guest ever took part.
CREATE INDEX consultation_participants_by_user ON consultation_participants (user_id);
CREATE INDEX community_participants_by_user ON community_participants (user_id);

-- Reports carry their community, so the dashboard counts a period's reports through an index
-- instead of leading each one to its idea (0.3 s for 100,000 reports). A report about
-- content deleted since keeps no community, as the dashboard did not count it before either.
ALTER TABLE reports ADD COLUMN community_id BIGINT REFERENCES communities (id) ON DELETE CASCADE;
UPDATE reports SET community_id = (
    SELECT g.community_id FROM ideas i JOIN consultations g ON g.id = i.consultation_id
    WHERE i.id = CASE reports.target_kind
        WHEN 'idea' THEN reports.target_id
        WHEN 'argument' THEN (SELECT a.idea_id FROM arguments a WHERE a.id = reports.target_id)
        ELSE (SELECT m.idea_id FROM comments m WHERE m.id = reports.target_id) END);
CREATE INDEX reports_opened ON reports (community_id, created_at);
CREATE INDEX reports_closed ON reports (community_id, closed_at);

-- A results page counts a consultation's visible arguments for and against from this index
-- alone (it read every argument's row for `hidden`: 70 ms for 100,000 arguments).
DROP INDEX arguments_by_idea;
CREATE INDEX arguments_by_idea ON arguments (idea_id, side, hidden);

-- The few hidden ideas of a consultation, whose votes a results page takes out of its kept
-- days (without it, a scan of every idea).
CREATE INDEX ideas_hidden ON ideas (consultation_id) WHERE hidden = 1;
