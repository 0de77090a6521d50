-- What the statements on the trending counters (V4) share, so that each of them reads as it runs.

-- The weight of an engagement at time t relative to a landmark, for a counter with time constant tau
-- (Cormode et al., "Forward Decay"): writes add weight * forward_decay_weight(now, landmark, tau). Moving the
-- landmark multiplies a counter by the old landmark's weight relative to the new one. A plain SQL
-- expression, so the planner inlines it.
-- The exponent is held within [-700, 300], so that neither exp() nor the sums of its results leave the
-- range of double precision, however long the service was stopped or however far the clock jumped: below
-- -700 a weight is as good as zero; above 300 (the landmark days behind, which only happens in the moments
-- before the landmark is moved, see Landmark) an engagement counts less than it should, never an error.
create function forward_decay_weight(t timestamptz, landmark timestamptz, tau double precision)
    returns double precision
    language sql immutable parallel safe as $$
    select exp(least(greatest(extract(epoch from (t - landmark)) / tau, -700), 300))
$$;

-- A story with its stored engagement and the landmark its counters are relative to: what reads of stories
-- and of their stats select from. Decaying the counters to now is done by the reader.
create view article_card as
select a.id, a.slug, a.title, a.url, a.section, a.summary, a.published_at, a.updated_at,
       coalesce(s.views, 0) as views, coalesce(s.unique_visitors, 0) as unique_visitors,
       coalesce(s.comments, 0) as comments,
       coalesce(s.r_like, 0) as r_like, coalesce(s.r_love, 0) as r_love, coalesce(s.r_haha, 0) as r_haha,
       coalesce(s.r_wow, 0) as r_wow, coalesce(s.r_sad, 0) as r_sad, coalesce(s.r_angry, 0) as r_angry,
       coalesce(s.n_fast, 0) as n_fast, coalesce(s.n_trend, 0) as n_trend, coalesce(s.n_base, 0) as n_base,
       coalesce(s.viral, false) as viral, landmark.landmark
from article a
left join article_stats s on s.article_id = a.id
cross join trending_landmark landmark;
