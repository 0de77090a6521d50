-- The key that signs device tokens when PULSE_TOKEN_SECRET is not set: created once, shared by every
-- instance, so each accepts the others' tokens.
create table token_key (
    id     int   primary key check (id = 1),
    secret bytea not null
);

-- One reaction per user per story: the primary key is the rule, whatever requests race.
create table reaction (
    article_id bigint      not null references article (id) on delete cascade,
    user_id    text        not null,
    kind       text        not null check (kind in ('like', 'love', 'haha', 'wow', 'sad', 'angry')),
    updated_at timestamptz not null default now(),
    primary key (article_id, user_id)
);

alter table article_stats
    add column r_like  bigint not null default 0,
    add column r_love  bigint not null default 0,
    add column r_haha  bigint not null default 0,
    add column r_wow   bigint not null default 0,
    add column r_sad   bigint not null default 0,
    add column r_angry bigint not null default 0;

-- Counts follow the reaction rows in the same transaction, from the rows' own old and new values: exact
-- under any concurrency, and no request ever recounts the table.
create function reaction_counts() returns trigger language plpgsql as $$
declare
    removed text := case when tg_op in ('UPDATE', 'DELETE') then old.kind end;
    added   text := case when tg_op in ('INSERT', 'UPDATE') then new.kind end;
    story   bigint := case when tg_op = 'DELETE' then old.article_id else new.article_id end;
begin
    if removed is distinct from added then
        update article_stats set
            r_like  = r_like  + (added is not distinct from 'like')::int  - (removed is not distinct from 'like')::int,
            r_love  = r_love  + (added is not distinct from 'love')::int  - (removed is not distinct from 'love')::int,
            r_haha  = r_haha  + (added is not distinct from 'haha')::int  - (removed is not distinct from 'haha')::int,
            r_wow   = r_wow   + (added is not distinct from 'wow')::int   - (removed is not distinct from 'wow')::int,
            r_sad   = r_sad   + (added is not distinct from 'sad')::int   - (removed is not distinct from 'sad')::int,
            r_angry = r_angry + (added is not distinct from 'angry')::int - (removed is not distinct from 'angry')::int
        where article_id = story;
    end if;
    return null;
end;
$$;

create trigger reaction_counts after insert or update or delete on reaction
    for each row execute function reaction_counts();
