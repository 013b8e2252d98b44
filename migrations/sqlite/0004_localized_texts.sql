-- Names and descriptions of communities, consultations and categories in any number of
-- languages: each is a JSON object from language code to text ({"sl": "…", "en": "…"}), so a
-- third language is a new key, not a new column. Keep in step with ../postgres/0004.

ALTER TABLE communities ADD COLUMN name TEXT NOT NULL DEFAULT '{}';
ALTER TABLE communities ADD COLUMN description TEXT NOT NULL DEFAULT '{}';
UPDATE communities SET name = json_object('sl', name_sl, 'en', name_en),
    description = json_object('sl', description_sl, 'en', description_en);
ALTER TABLE communities DROP COLUMN name_sl;
ALTER TABLE communities DROP COLUMN name_en;
ALTER TABLE communities DROP COLUMN description_sl;
ALTER TABLE communities DROP COLUMN description_en;

ALTER TABLE consultations ADD COLUMN name TEXT NOT NULL DEFAULT '{}';
ALTER TABLE consultations ADD COLUMN description TEXT NOT NULL DEFAULT '{}';
UPDATE consultations SET name = json_object('sl', name_sl, 'en', name_en),
    description = json_object('sl', description_sl, 'en', description_en);
ALTER TABLE consultations DROP COLUMN name_sl;
ALTER TABLE consultations DROP COLUMN name_en;
ALTER TABLE consultations DROP COLUMN description_sl;
ALTER TABLE consultations DROP COLUMN description_en;

-- SQLite cannot drop a column of a UNIQUE constraint, so categories is rebuilt with the same
-- ids. Dropping the old table sets ideas.category_id to NULL (its ON DELETE action, which
-- cannot be switched off inside the migration's transaction): the links are kept aside first
-- and put back.
CREATE TEMP TABLE idea_categories AS
    SELECT id, category_id FROM ideas WHERE category_id IS NOT NULL;
CREATE TABLE categories_new (
    id           INTEGER PRIMARY KEY,
    community_id BIGINT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL
);
INSERT INTO categories_new (id, community_id, name)
    SELECT id, community_id, json_object('sl', name_sl, 'en', name_en) FROM categories;
DROP TABLE categories;
ALTER TABLE categories_new RENAME TO categories;
CREATE INDEX categories_by_community ON categories (community_id);
UPDATE ideas SET category_id = (SELECT t.category_id FROM idea_categories t WHERE t.id = ideas.id)
    WHERE id IN (SELECT id FROM idea_categories);
DROP TABLE idea_categories;
