-- The open-data API pages a consultation's public ideas in id order (a cursor is the last
-- id): without this index a page far into a large consultation read the ideas before it.
-- Keep in step with the other dialect.
CREATE INDEX ideas_by_group_id ON ideas (consultation_id, id) WHERE hidden = 0;
