-- Indexes that match the group page's ORDER BY clauses exactly (see ideas::order_by), so a
-- page of a group with thousands of ideas is an index walk, not a sort of the whole group.
DROP INDEX ideas_by_group_top;
DROP INDEX ideas_by_group_new;
CREATE INDEX ideas_by_group_score ON ideas (consultation_id, (up_count - down_count) DESC, up_count DESC, id DESC);
CREATE INDEX ideas_by_group_new ON ideas (consultation_id, created_at DESC, id DESC);
CREATE INDEX ideas_by_group_debated ON ideas (consultation_id, (argument_count + comment_count) DESC, id DESC);
