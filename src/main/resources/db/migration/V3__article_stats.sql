-- Engagement counters live apart from the article so that the view flusher's frequent updates touch a
-- narrow row (cheap, HOT-updatable) instead of rewriting the story's text.
create table article_stats (
    article_id      bigint primary key references article (id) on delete cascade,
    views           bigint not null default 0,
    unique_visitors bigint not null default 0
);

insert into article_stats (article_id) select id from article;

-- Every visitor ever counted per article, as a 64-bit fingerprint (never the visitor id itself), so that
-- unique_visitors is exact across restarts and instances. No foreign key: the flusher may still write a
-- fingerprint for an article deleted a moment ago, and the delete cleans up after itself.
create table article_visitor (
    article_id bigint not null,
    visitor    bigint not null,
    primary key (article_id, visitor)
);

-- The secret mixed into the fallback visitor hash (client address + User-Agent), one per day and shared
-- by every instance, so a reader is the same visitor whichever instance answers, and yesterday's hashes
-- cannot be linked to today's.
create table visitor_salt (
    day  date primary key,
    salt bytea not null
);
