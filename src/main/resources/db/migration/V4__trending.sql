-- Forward-decay counters (Cormode et al., "Forward Decay", ICDE 2009) for three time constants. Each
-- engagement adds w * exp((t - landmark) / tau); every story shares the landmark, so ordering by a stored
-- counter is ordering by its decayed value, and each event is one commutative addition.
alter table article_stats
    add column n_fast   double precision not null default 0,
    add column n_trend  double precision not null default 0,
    add column n_base   double precision not null default 0,
    add column viral    boolean          not null default false;

-- The top of the trending board is an index scan, whatever the number of stories.
create index article_stats_trend_idx on article_stats (n_trend desc);

-- The shared landmark. Moving it forward rescales every counter in the same transaction.
create table trending_landmark (
    id       int         primary key check (id = 1),
    landmark timestamptz not null
);
insert into trending_landmark (id, landmark) values (1, now());
