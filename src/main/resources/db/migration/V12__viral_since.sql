-- When a story turned viral, set by the same update that turns its flag on and cleared by the one that turns
-- it off, so that every instance, and one restarted since, tells the same moment.
alter table article_stats add column viral_since timestamptz;

-- Stories already viral when this lands turned at a moment nobody kept: they count from the upgrade rather
-- than show a viral flag without a start.
update article_stats set viral_since = now() where viral;
