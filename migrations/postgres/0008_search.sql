-- Full-text search over ideas and arguments. PostgreSQL has no Slovenian configuration: this
-- one splits words like `simple` and removes diacritics (unaccent), so "cebela" finds
-- "čebela". The index holds visible content only — a document per visible idea and per
-- visible argument of a visible idea (doc_id = 2 × idea id, 2 × argument id + 1) — kept by
-- triggers, so a search needs no join to leave hidden content out. Keep in step with
-- ../sqlite/0008_search.sql.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION posvet_sl (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION posvet_sl
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

CREATE TABLE search_docs (
    doc_id          BIGINT PRIMARY KEY,
    kind            TEXT   NOT NULL,
    ref_id          BIGINT NOT NULL,
    idea_id         BIGINT NOT NULL,
    consultation_id BIGINT NOT NULL,
    title           TEXT   NOT NULL,
    body            TEXT   NOT NULL,
    tsv             tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('posvet_sl', title), 'A') || setweight(to_tsvector('posvet_sl', body), 'B')
    ) STORED
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, consultation_id, title, body)
    SELECT 2 * id, 'idea', id, id, consultation_id, title, body FROM ideas WHERE hidden = 0;
INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, consultation_id, title, body)
    SELECT 2 * a.id + 1, 'argument', a.id, a.idea_id, i.consultation_id, '', a.body
    FROM arguments a JOIN ideas i ON i.id = a.idea_id WHERE a.hidden = 0 AND i.hidden = 0;

CREATE FUNCTION search_idea_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.hidden = 1 THEN
        DELETE FROM search_docs WHERE doc_id = 2 * OLD.id;
        DELETE FROM search_docs WHERE doc_id IN (SELECT 2 * id + 1 FROM arguments WHERE idea_id = OLD.id);
        RETURN NULL;
    END IF;
    INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, consultation_id, title, body)
        VALUES (2 * NEW.id, 'idea', NEW.id, NEW.id, NEW.consultation_id, NEW.title, NEW.body)
        ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, body = excluded.body;
    IF TG_OP = 'UPDATE' AND OLD.hidden = 1 THEN
        INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, consultation_id, title, body)
            SELECT 2 * id + 1, 'argument', id, idea_id, NEW.consultation_id, '', body
            FROM arguments WHERE idea_id = NEW.id AND hidden = 0
            ON CONFLICT (doc_id) DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_idea AFTER INSERT OR DELETE OR UPDATE OF title, body, hidden ON ideas
    FOR EACH ROW EXECUTE FUNCTION search_idea_sync();

CREATE FUNCTION search_argument_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.hidden = 1 THEN
        DELETE FROM search_docs WHERE doc_id = 2 * OLD.id + 1;
        RETURN NULL;
    END IF;
    INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, consultation_id, title, body)
        SELECT 2 * NEW.id + 1, 'argument', NEW.id, NEW.idea_id, i.consultation_id, '', NEW.body
        FROM ideas i WHERE i.id = NEW.idea_id AND i.hidden = 0
        ON CONFLICT (doc_id) DO UPDATE SET body = excluded.body;
    RETURN NULL;
END $$;
CREATE TRIGGER search_argument AFTER INSERT OR DELETE OR UPDATE OF body, hidden ON arguments
    FOR EACH ROW EXECUTE FUNCTION search_argument_sync();
