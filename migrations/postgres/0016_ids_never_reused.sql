-- Ids are never handed out twice (see ../sqlite/0016_ids_never_reused.sql): PostgreSQL's identity
-- sequences never repeat a value, so nothing changes here; the file keeps both dialects in step.
SELECT 1;
