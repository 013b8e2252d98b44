-- Full-text search over ideas and arguments. PostgreSQL has no Slovenian configuration: this
-- one splits words like `simple` and removes diacritics (unaccent), so "cebela" finds
-- "čebela". One document per idea and per argument (doc_id = 2 × idea id, 2 × argument id
-- + 1), kept by triggers; visibility, phase and filters are checked against the live rows at
-- query time. Keep in step with ../sqlite/0008_search.sql.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION posvet_sl (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION posvet_sl
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

CREATE TABLE search_docs (
    doc_id  BIGINT PRIMARY KEY,
    kind    TEXT   NOT NULL,
    ref_id  BIGINT NOT NULL,
    idea_id BIGINT NOT NULL,
    title   TEXT   NOT NULL,
    body    TEXT   NOT NULL,
    tsv     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('posvet_sl', title), 'A') || setweight(to_tsvector('posvet_sl', body), 'B')
    ) STORED
);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);

INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, title, body)
    SELECT 2 * id, 'idea', id, id, title, body FROM ideas;
INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, title, body)
    SELECT 2 * id + 1, 'argument', id, idea_id, '', body FROM arguments;

CREATE FUNCTION search_idea_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_docs WHERE doc_id = 2 * OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, title, body)
        VALUES (2 * NEW.id, 'idea', NEW.id, NEW.id, NEW.title, NEW.body)
        ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, body = excluded.body;
    RETURN NEW;
END $$;
CREATE TRIGGER search_idea AFTER INSERT OR DELETE OR UPDATE OF title, body ON ideas
    FOR EACH ROW EXECUTE FUNCTION search_idea_sync();

CREATE FUNCTION search_argument_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_docs WHERE doc_id = 2 * OLD.id + 1;
        RETURN OLD;
    END IF;
    INSERT INTO search_docs (doc_id, kind, ref_id, idea_id, title, body)
        VALUES (2 * NEW.id + 1, 'argument', NEW.id, NEW.idea_id, '', NEW.body)
        ON CONFLICT (doc_id) DO UPDATE SET body = excluded.body;
    RETURN NEW;
END $$;
CREATE TRIGGER search_argument AFTER INSERT OR DELETE OR UPDATE OF body ON arguments
    FOR EACH ROW EXECUTE FUNCTION search_argument_sync();
