-- Stories readers open, addressed by their slug. Engagement counters arrive in later migrations.
create table article (
    id           bigint generated always as identity primary key,
    slug         varchar(120) not null unique check (slug ~ '^[a-z0-9-]{1,120}$'),
    title        text         not null,
    url          text         not null,
    section      text,
    summary      text,
    published_at timestamptz  not null,
    updated_at   timestamptz  not null,
    created_at   timestamptz  not null default now()
);

-- Keyset pagination of the newest stories first.
create index article_published_idx on article (published_at desc, id desc);
