-- Editors, moderators and administrators. Passwords are stored as adaptive hashes only.
create table staff_account (
    id            bigint generated always as identity primary key,
    username      varchar(40) not null unique,
    password_hash text        not null,
    role          varchar(20) not null check (role in ('EDITOR', 'MODERATOR', 'ADMIN')),
    created_at    timestamptz not null default now()
);
