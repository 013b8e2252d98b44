-- Who may take part in a consultation: signed-in people only ('accounts', the default), or also
-- guests ('guests'): pseudonymous accounts bound to one browser, with no address or password
-- until their owner makes them a full account (which keeps everything they wrote).
ALTER TABLE consultations ADD COLUMN participation TEXT NOT NULL DEFAULT 'accounts'
    CHECK (participation IN ('accounts', 'guests'));
ALTER TABLE users ADD COLUMN guest INTEGER NOT NULL DEFAULT 0 CHECK (guest IN (0, 1));

-- Optional questions a consultation asks its participants for statistics (district, age group):
-- the question and its answers per language ({"sl": …, "en": …}, and a JSON array of those).
CREATE TABLE registration_questions (
    id              INTEGER PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    position        BIGINT NOT NULL DEFAULT 0,
    question        TEXT   NOT NULL,
    options         TEXT   NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX registration_questions_by_consultation ON registration_questions (consultation_id, position);

-- A person's answer: the index of the option chosen, or NULL for "I would rather not say". Only
-- ever read summed up per option (exports) or by the person themselves (their data).
CREATE TABLE registration_answers (
    question_id BIGINT NOT NULL REFERENCES registration_questions (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    choice      BIGINT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (question_id, user_id)
);
CREATE INDEX registration_answers_by_user ON registration_answers (user_id);
