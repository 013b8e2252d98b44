-- Pictures are moderated like text (issue 33): reports, the queue and appeals accept the kind
-- 'picture'. Keep in step with the other dialect.
ALTER TABLE reports DROP CONSTRAINT reports_target_kind_check;
ALTER TABLE reports ADD CONSTRAINT reports_target_kind_check
    CHECK (target_kind IN ('idea', 'argument', 'comment', 'picture'));
ALTER TABLE queue_items DROP CONSTRAINT queue_items_target_kind_check;
ALTER TABLE queue_items ADD CONSTRAINT queue_items_target_kind_check
    CHECK (target_kind IN ('idea', 'argument', 'comment', 'picture'));
ALTER TABLE appeals DROP CONSTRAINT appeals_target_kind_check;
ALTER TABLE appeals ADD CONSTRAINT appeals_target_kind_check
    CHECK (target_kind IN ('idea', 'argument', 'comment', 'picture'));
