-- Statements (issue 31): a consultation of short statements voted agree / disagree / pass, as
-- in Pol.is. Keep in step with the other dialect.
--
-- A statement is an idea of a consultation whose format is 'statements': its text is the
-- title (up to 140 characters when written here; Pol.is conversations imported as they are
-- hold longer ones, hence 400), with no description. A pass is a vote of 0: it counts as
-- having seen the statement (the opinion groups' vote matrix holds it as Pol.is does) and in
-- neither counter. Each idea keeps its group-informed consensus, written by the opinion
-- groups' worker, for the "common ground" order.
ALTER TABLE consultations ADD COLUMN format TEXT NOT NULL DEFAULT 'ideas'
    CHECK (format IN ('ideas', 'statements'));

-- Accounts made by an import keep the participant's id in the source (e.g. Pol.is's).
ALTER TABLE users ADD COLUMN external_id TEXT;

ALTER TABLE ideas DROP CONSTRAINT ideas_title_check,
    ADD CONSTRAINT ideas_title_check CHECK (length(title) BETWEEN 1 AND 400);
ALTER TABLE ideas DROP CONSTRAINT ideas_body_check,
    ADD CONSTRAINT ideas_body_check CHECK (length(body) BETWEEN 0 AND 10000);
ALTER TABLE ideas ADD COLUMN consensus DOUBLE PRECISION;
CREATE INDEX ideas_by_group_consensus ON ideas (consultation_id, consensus DESC NULLS LAST, id DESC)
    WHERE hidden = 0;

ALTER TABLE idea_votes DROP CONSTRAINT idea_votes_value_check,
    ADD CONSTRAINT idea_votes_value_check CHECK (value IN (-1, 0, 1));

-- Arguments helpful across opinion groups (written by the same worker): the group-informed
-- consensus of their helpfulness ratings, and whether more people marked them helpful than
-- not in every group.
ALTER TABLE arguments ADD COLUMN consensus DOUBLE PRECISION;
ALTER TABLE arguments ADD COLUMN every_group INTEGER NOT NULL DEFAULT 0 CHECK (every_group IN (0, 1));
