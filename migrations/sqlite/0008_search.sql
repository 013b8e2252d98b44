-- Full-text search over ideas and arguments (FTS5; "cebela" finds "čebela": diacritics are
-- removed from the text and the query alike). One document per idea (title + description)
-- and per argument (its text); rowid = 2 × idea id, 2 × argument id + 1, so triggers find a
-- document by key. Visibility, phase and filters are checked against the live rows at query
-- time. Keep in step with ../postgres/0008_search.sql.
CREATE VIRTUAL TABLE search_docs USING fts5(
    title, body, kind UNINDEXED, ref_id UNINDEXED, idea_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id)
    SELECT 2 * id, title, body, 'idea', id, id FROM ideas;
INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id)
    SELECT 2 * id + 1, '', body, 'argument', id, idea_id FROM arguments;

CREATE TRIGGER search_idea_insert AFTER INSERT ON ideas BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id)
        VALUES (2 * new.id, new.title, new.body, 'idea', new.id, new.id);
END;
CREATE TRIGGER search_idea_update AFTER UPDATE OF title, body ON ideas BEGIN
    UPDATE search_docs SET title = new.title, body = new.body WHERE rowid = 2 * new.id;
END;
CREATE TRIGGER search_idea_delete AFTER DELETE ON ideas BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * old.id;
END;
CREATE TRIGGER search_argument_insert AFTER INSERT ON arguments BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id)
        VALUES (2 * new.id + 1, '', new.body, 'argument', new.id, new.idea_id);
END;
CREATE TRIGGER search_argument_update AFTER UPDATE OF body ON arguments BEGIN
    UPDATE search_docs SET body = new.body WHERE rowid = 2 * new.id + 1;
END;
CREATE TRIGGER search_argument_delete AFTER DELETE ON arguments BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * old.id + 1;
END;
