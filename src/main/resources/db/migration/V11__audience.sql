-- A story's audience over time: views, engaged seconds and where the views came from, per UTC minute.
-- The view flusher adds into these rows in its one statement per flush, so several instances add into
-- the same minute and nothing is written per view. One row per story per minute with readers (sources as
-- columns rather than rows keeps it to one row). No foreign keys, like article_visitor: a flush may still
-- add to a story deleted a moment ago; deleting a story deletes its rows, and expiry the rest.
create table audience_minute (
    article_id      bigint      not null,
    minute          timestamptz not null,
    views           bigint      not null default 0,
    engaged_seconds bigint      not null default 0,
    direct          bigint      not null default 0,
    internal        bigint      not null default 0,
    search          bigint      not null default 0,
    social          bigint      not null default 0,
    other           bigint      not null default 0,
    primary key (article_id, minute)
);

-- Expiry deletes the oldest minutes first, in bounded batches.
create index audience_minute_minute_idx on audience_minute (minute);

-- Hourly roll-ups of the minutes, kept far longer than the minutes themselves.
create table audience_hour (
    article_id      bigint      not null,
    hour            timestamptz not null,
    views           bigint      not null default 0,
    engaged_seconds bigint      not null default 0,
    direct          bigint      not null default 0,
    internal        bigint      not null default 0,
    search          bigint      not null default 0,
    social          bigint      not null default 0,
    other           bigint      not null default 0,
    primary key (article_id, hour)
);

create index audience_hour_hour_idx on audience_hour (hour);

-- The hosts that sent readers to a story, per hour: only the host of a referrer, never its path or query,
-- and a bounded number of hosts per story per hour (the flush stops adding new ones past the bound).
create table referrer_hour (
    article_id bigint      not null,
    hour       timestamptz not null,
    host       text        not null,
    views      bigint      not null,
    primary key (article_id, hour, host)
);

create index referrer_hour_hour_idx on referrer_hour (hour);
