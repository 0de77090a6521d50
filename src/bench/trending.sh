#!/usr/bin/env bash
# Top-N trending query time with 100,000 stories (TRENDING_STORIES), through the API and in PostgreSQL.
# Needs wrk and psql (Debian: apt-get install wrk postgresql-client). Not part of ./mvnw verify.
#
#   src/bench/trending.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

STORIES=${TRENDING_STORIES:-100000}
PORT=${PORT:-18081}
# shellcheck source=service.sh
. src/bench/service.sh
need wrk psql
start_service "$PORT"

echo "Seeding $STORIES stories with random trending counters..."
sql -v n="$STORIES" <<'SQL'
with stories as (
  insert into article (slug, title, url, section, published_at, updated_at)
  select 'trend-bench-' || i, 'Trending benchmark story ' || i, 'https://news.example.com/t' || i,
         (array['world', 'local', 'sport', 'business', 'culture'])[1 + i % 5], now(), now()
  from generate_series(1, :n) as i
  returning id)
insert into article_stats (article_id, views, n_fast, n_trend, n_base)
select id, (random() * 1000)::bigint, random() * 100, random() * random() * 1000, random() * 5000 from stories;
analyze article; analyze article_stats;
SQL

query="select a.slug, a.title, s.n_fast, s.n_trend, s.n_base, s.viral from article_stats s join article a on a.id = s.article_id cross join trending_landmark landmark where s.n_trend > 0 order by s.n_trend desc, s.article_id limit 10"
echo
echo "PostgreSQL, top 10 of $STORIES (EXPLAIN ANALYZE, 5 runs):"
for _ in 1 2 3 4 5; do
  sql -c "explain (analyze, timing off, summary on) $query" | grep -E 'Execution Time'
done
sql -c "explain $query" | grep -E 'Index Scan|Seq Scan' | head -2

echo
echo "API, GET /api/trending?limit=10, 4 connections (after a 15 s warm-up):"
wrk -t1 -c4 -d15s "http://localhost:$PORT/api/trending?limit=10" >/dev/null
wrk -t1 -c4 -d10s --latency "http://localhost:$PORT/api/trending?limit=10" | grep -E 'Requests/sec|50%|99%'
echo
echo "API, GET /api/trending?limit=10&section=sport:"
wrk -t1 -c4 -d10s --latency "http://localhost:$PORT/api/trending?limit=10&section=sport" | grep -E 'Requests/sec|50%|99%'
