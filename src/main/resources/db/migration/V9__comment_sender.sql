-- Who sent a comment, as a daily-salted fingerprint of the client address (never the address itself): the
-- duplicate rule compares senders, so that its answer does not depend on whose email a guess names.
alter table comment add column sender bigint;

create index comment_sender_body_idx on comment (article_id, sender, created_at) where sender is not null;

-- The duplicate rule no longer looks comments up by email.
drop index comment_sender_idx;
