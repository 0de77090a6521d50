-- The duplicate rule looks a comment up by its sender and a digest of its text. Indexed by sender and time
-- only, it read every comment the sender wrote within the window, and readers behind one address (an
-- office, a carrier's NAT) are one sender: on a viral story, thousands of comments for each new one, while
-- the story's row was held. Texts are too long for the index themselves; the statements compare the digest
-- and then the text.
-- Building the index holds comment writes; on a large table it can be built beforehand, by hand, with
-- create index concurrently and the same definition, and this migration then leaves it as it is.
create index if not exists comment_duplicate_idx on comment (article_id, sender, md5(body), created_at)
    where sender is not null;

drop index if exists comment_sender_body_idx;
