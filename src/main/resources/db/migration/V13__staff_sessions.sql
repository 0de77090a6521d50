-- Staff members' page sessions (the sign-in form): kept in PostgreSQL so that every instance knows them and
-- a restart signs nobody out. Only a hash of the session id is stored: a copy of this table opens no
-- session. Each session has its own token that the pages send with every change they ask the API for.
create table staff_session (
    id_hash      bytea       primary key,
    account_id   bigint      not null references staff_account (id) on delete cascade,
    csrf_token   text        not null,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at   timestamptz not null
);

-- Expired sessions are deleted oldest first.
create index staff_session_expires_at_idx on staff_session (expires_at);
