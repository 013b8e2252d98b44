-- Which worker holds a mail's claim: a worker renews its claim right before sending and marks
-- the mail sent only while it still holds it, so a claim that lapsed during a slow batch and
-- was taken by another worker is not sent twice.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
