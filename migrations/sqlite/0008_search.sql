-- Full-text search over ideas and arguments (FTS5; "cebela" finds "čebela": diacritics are
-- removed from the text and the query alike). The index holds visible content only — a
-- document per visible idea (title + description) and per visible argument of a visible idea
-- — so a search needs no join to leave hidden content out; triggers take documents out when
-- content is hidden or deleted and put them back when it is restored. rowid = 2 × idea id,
-- 2 × argument id + 1. Keep in step with ../postgres/0008_search.sql.
CREATE VIRTUAL TABLE search_docs USING fts5(
    title, body, kind UNINDEXED, ref_id UNINDEXED, idea_id UNINDEXED, consultation_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
    SELECT 2 * id, title, body, 'idea', id, id, consultation_id FROM ideas WHERE hidden = 0;
INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
    SELECT 2 * a.id + 1, '', a.body, 'argument', a.id, a.idea_id, i.consultation_id
    FROM arguments a JOIN ideas i ON i.id = a.idea_id WHERE a.hidden = 0 AND i.hidden = 0;

CREATE TRIGGER search_idea_insert AFTER INSERT ON ideas WHEN new.hidden = 0 BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        VALUES (2 * new.id, new.title, new.body, 'idea', new.id, new.id, new.consultation_id);
END;
CREATE TRIGGER search_idea_update AFTER UPDATE OF title, body ON ideas BEGIN
    UPDATE search_docs SET title = new.title, body = new.body WHERE rowid = 2 * new.id;
END;
CREATE TRIGGER search_idea_hide AFTER UPDATE OF hidden ON ideas
    WHEN new.hidden = 1 AND old.hidden = 0 BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * new.id;
    DELETE FROM search_docs WHERE rowid IN (SELECT 2 * id + 1 FROM arguments WHERE idea_id = new.id);
END;
CREATE TRIGGER search_idea_show AFTER UPDATE OF hidden ON ideas
    WHEN new.hidden = 0 AND old.hidden = 1 BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        VALUES (2 * new.id, new.title, new.body, 'idea', new.id, new.id, new.consultation_id);
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        SELECT 2 * id + 1, '', body, 'argument', id, idea_id, new.consultation_id
        FROM arguments WHERE idea_id = new.id AND hidden = 0;
END;
CREATE TRIGGER search_idea_delete AFTER DELETE ON ideas BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * old.id;
END;
CREATE TRIGGER search_argument_insert AFTER INSERT ON arguments WHEN new.hidden = 0 BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        SELECT 2 * new.id + 1, '', new.body, 'argument', new.id, new.idea_id, i.consultation_id
        FROM ideas i WHERE i.id = new.idea_id AND i.hidden = 0;
END;
CREATE TRIGGER search_argument_update AFTER UPDATE OF body ON arguments BEGIN
    UPDATE search_docs SET body = new.body WHERE rowid = 2 * new.id + 1;
END;
CREATE TRIGGER search_argument_hide AFTER UPDATE OF hidden ON arguments
    WHEN new.hidden = 1 AND old.hidden = 0 BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * new.id + 1;
END;
CREATE TRIGGER search_argument_show AFTER UPDATE OF hidden ON arguments
    WHEN new.hidden = 0 AND old.hidden = 1 BEGIN
    INSERT INTO search_docs (rowid, title, body, kind, ref_id, idea_id, consultation_id)
        SELECT 2 * new.id + 1, '', new.body, 'argument', new.id, new.idea_id, i.consultation_id
        FROM ideas i WHERE i.id = new.idea_id AND i.hidden = 0;
END;
CREATE TRIGGER search_argument_delete AFTER DELETE ON arguments BEGIN
    DELETE FROM search_docs WHERE rowid = 2 * old.id + 1;
END;
