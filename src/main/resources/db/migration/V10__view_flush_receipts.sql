-- A receipt for every flush of views, stored by the flush's own statement: a flush retried because its
-- answer was lost (PostgreSQL committed it, the service never heard) finds its receipt and writes nothing,
-- so no view is counted twice. Receipts matter only while their flush may be retried, and are deleted a
-- day later, oldest first: hence the index on the time.
create table view_flush (
    id uuid        primary key,
    at timestamptz not null default now()
);

create index view_flush_at_idx on view_flush (at);
