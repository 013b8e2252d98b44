-- Consultations run from the browser: archived ones leave the community's list (still
-- readable, read-only), and categories keep an order. Keep in step with the other dialect.
ALTER TABLE consultations ADD COLUMN archived BIGINT NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
ALTER TABLE categories ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
