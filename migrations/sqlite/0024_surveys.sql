-- Surveys inside consultations (issue 32). Keep in step with the other dialect.

-- A survey of a consultation. Texts are `Localized` JSON. Open while the consultation takes
-- part and, where set, between its own dates.
CREATE TABLE surveys (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id BIGINT  NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '{}',
    opens_at        BIGINT,
    closes_at       BIGINT,
    results_public  INTEGER NOT NULL DEFAULT 0 CHECK (results_public IN (0, 1)),
    -- Cells of a breakdown with fewer people than this are shown as "< n".
    min_cell        BIGINT  NOT NULL DEFAULT 5 CHECK (min_cell BETWEEN 2 AND 100),
    created_at      BIGINT  NOT NULL,
    CHECK (closes_at IS NULL OR opens_at IS NULL OR opens_at < closes_at)
);
CREATE INDEX surveys_by_consultation ON surveys (consultation_id, id);

-- A question: its page (sections are pages), its kind, its settings as JSON (`surveys::Spec`:
-- options, rows, range, end labels) and, optionally, the single-choice question on an earlier
-- page and the options of it that show this one.
CREATE TABLE survey_questions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id     BIGINT  NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    position      BIGINT  NOT NULL,
    page          BIGINT  NOT NULL CHECK (page BETWEEN 1 AND 20),
    kind          TEXT    NOT NULL CHECK (kind IN ('single', 'multiple', 'scale', 'matrix',
                                                    'ranking', 'number', 'short_text', 'long_text')),
    required      INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
    text          TEXT    NOT NULL,
    spec          TEXT    NOT NULL DEFAULT '{}',
    shown_if      BIGINT  REFERENCES survey_questions (id),
    shown_options TEXT    NOT NULL DEFAULT '[]',
    created_at    BIGINT  NOT NULL
);
CREATE INDEX survey_questions_in_order ON survey_questions (survey_id, position);

-- One response per person and survey, saved page by page: a draft until `submitted_at`.
-- `answers` is JSON keyed by question id. `shuffle` is random: exports list responses in its
-- order, so a row's place tells nothing of who answered when.
CREATE TABLE survey_responses (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id    BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    answers      TEXT   NOT NULL DEFAULT '{}',
    page         BIGINT NOT NULL DEFAULT 1,
    submitted_at BIGINT,
    shuffle      BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (survey_id, user_id)
);
CREATE INDEX survey_responses_shuffled ON survey_responses (survey_id, shuffle, id);
CREATE INDEX survey_responses_by_user ON survey_responses (user_id);

-- Text answers an administrator published on the results page, copied as they were read: a
-- later change of the answer takes the publication away (the service deletes it).
CREATE TABLE survey_published_texts (
    response_id  BIGINT NOT NULL REFERENCES survey_responses (id) ON DELETE CASCADE,
    question_id  BIGINT NOT NULL REFERENCES survey_questions (id) ON DELETE CASCADE,
    body         TEXT   NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (response_id, question_id)
);
CREATE INDEX survey_published_texts_by_question ON survey_published_texts (question_id);
