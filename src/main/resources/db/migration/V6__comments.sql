-- Readers' comments. The email is kept for moderators only and never leaves through a public endpoint.
create table comment (
    id          bigint generated always as identity primary key,
    article_id  bigint      not null references article (id) on delete cascade,
    parent_id   bigint      references comment (id) on delete set null,
    author_name text        not null,
    email       text        not null,
    body        text        not null,
    status      text        not null check (status in ('PUBLISHED', 'PENDING', 'REJECTED')),
    created_at  timestamptz not null default now()
);

-- Published comments of a story, oldest first, by keyset.
create index comment_published_idx on comment (article_id, id) where status = 'PUBLISHED';
-- Moderation queues.
create index comment_status_idx on comment (status, id);
-- The duplicate check: one sender's recent comments on a story.
create index comment_sender_idx on comment (article_id, lower(email), created_at);

-- Every published / removed comment as an event with a per-story, gap-free sequence number, written in
-- the same transaction as the change: streams resume from it with Last-Event-ID, on any instance.
create table comment_event (
    article_id bigint      not null references article (id) on delete cascade,
    seq        bigint      not null,
    kind       text        not null check (kind in ('comment', 'comment-removed')),
    comment_id bigint      not null,
    -- The public payload as sent at the time (JSON of the comment, or {"id": ...} for a removal).
    data       text        not null,
    created_at timestamptz not null default now(),
    primary key (article_id, seq)
);

alter table article_stats
    add column comments  bigint not null default 0,
    add column event_seq bigint not null default 0;
