-- Names and descriptions of communities, consultations and categories in any number of
-- languages: each is a JSON object from language code to text ({"sl": "…", "en": "…"}), so a
-- third language is a new key, not a new column. Stored as TEXT (the Any driver cannot decode
-- JSONB). Keep in step with ../sqlite/0004.

ALTER TABLE communities ADD COLUMN name TEXT NOT NULL DEFAULT '{}';
ALTER TABLE communities ADD COLUMN description TEXT NOT NULL DEFAULT '{}';
UPDATE communities SET name = json_build_object('sl', name_sl, 'en', name_en)::text,
    description = json_build_object('sl', description_sl, 'en', description_en)::text;
ALTER TABLE communities DROP COLUMN name_sl, DROP COLUMN name_en,
    DROP COLUMN description_sl, DROP COLUMN description_en;

ALTER TABLE consultations ADD COLUMN name TEXT NOT NULL DEFAULT '{}';
ALTER TABLE consultations ADD COLUMN description TEXT NOT NULL DEFAULT '{}';
UPDATE consultations SET name = json_build_object('sl', name_sl, 'en', name_en)::text,
    description = json_build_object('sl', description_sl, 'en', description_en)::text;
ALTER TABLE consultations DROP COLUMN name_sl, DROP COLUMN name_en,
    DROP COLUMN description_sl, DROP COLUMN description_en;

ALTER TABLE categories ADD COLUMN name TEXT NOT NULL DEFAULT '{}';
UPDATE categories SET name = json_build_object('sl', name_sl, 'en', name_en)::text;
ALTER TABLE categories DROP COLUMN name_sl, DROP COLUMN name_en;
CREATE INDEX categories_by_community ON categories (community_id);
