#!/usr/bin/env bash
# View-beacon throughput: one hot story vs 1,000 stories vs the hot story's full traffic (views with
# referrers and three engagement pings per view) vs the naive one-UPDATE-per-view mode, in one run.
# Needs wrk and psql (Debian: apt-get install wrk postgresql-client). Not part of ./mvnw verify.
#
#   src/bench/views.sh            # defaults: 64 connections, 60 s JIT warm-up, 3 rounds of 10 s per case
#   CONNECTIONS=16 WARMUP=30 DURATION=5 ROUNDS=3 src/bench/views.sh
# Each figure is the median of its rounds; the cases alternate so that drift hits them alike.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-60}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18080}
BENCH=src/bench
# shellcheck source=service.sh
. "$BENCH/service.sh"
need wrk psql

seed() { # 1,000 stories plus the hot one, straight into the embedded database
  sql <<'SQL'
with stories as (
  insert into article (slug, title, url, published_at, updated_at)
  select 'bench-' || n, 'Benchmark story ' || n, 'https://news.example.com/bench-' || n, now(), now()
  from generate_series(1, 1000) as n
  union all select 'bench-hot', 'Benchmark hot story', 'https://news.example.com/bench-hot', now(), now()
  on conflict (slug) do nothing
  returning id)
insert into article_stats (article_id) select id from stories on conflict do nothing;
SQL
}

load() { # $1 = lua script, $2 = seconds; prints requests/s
  local cores="taskset -c 1"
  command -v taskset >/dev/null || cores=""
  $cores wrk -t1 -c"$CONNECTIONS" -d"$2s" -s "$BENCH/$1" "http://localhost:$PORT" | awk '/Requests\/sec/ {print int($2)}'
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "Reader Pulse view beacons: $CONNECTIONS connections, ${WARMUP}s warm-up, $ROUNDS x ${DURATION}s per case, $(nproc) cores"
start_service "$PORT" PULSE_VIEWS_MODE=batched; seed; restart_service
load views-hot.lua $((WARMUP / 3)) >/dev/null; load views-spread.lua $((WARMUP / 3)) >/dev/null
load views-audience.lua $((WARMUP / 3)) >/dev/null
hots=""; spreads=""; audiences=""
for _ in $(seq 1 "$ROUNDS"); do
  hots="$hots $(load views-hot.lua "$DURATION")"
  spreads="$spreads $(load views-spread.lua "$DURATION")"
  audiences="$audiences $(load views-audience.lua "$DURATION")"
done
flush=$(curl -sf -u admin:bench-admin-password "http://localhost:$PORT/actuator/prometheus" \
  | awk '/^pulse_views_flush_seconds_(sum|count)/ {v[$1 ~ /sum/ ? "s" : "c"] = $2} END {if (v["c"] > 0) printf "%.2f", 1000 * v["s"] / v["c"]}')
# The editors' board over these 1,001 live stories: one dashboard open for 10 s, the mean time per board.
timeout 10 curl -sN -u admin:bench-admin-password "http://localhost:$PORT/api/dashboard/stream?limit=100" >/dev/null || true
board=$(curl -sf -u admin:bench-admin-password "http://localhost:$PORT/actuator/prometheus" \
  | awk '/^pulse_dashboard_board_seconds_(sum|count)/ {v[$1 ~ /sum/ ? "s" : "c"] = $2} END {if (v["c"] > 0) printf "%.2f ms over %d boards", 1000 * v["s"] / v["c"], v["c"]}')
bytes=$(sql -t -A -c "select pg_total_relation_size('audience_minute') + pg_total_relation_size('referrer_hour')")
minutes=$(sql -t -A -c "select count(*) from audience_minute")
stop_service
start_service "$PORT" PULSE_VIEWS_MODE=naive
load views-hot.lua $((WARMUP / 2)) >/dev/null
naives=""
for _ in $(seq 1 "$ROUNDS"); do naives="$naives $(load views-hot.lua "$DURATION")"; done
stop_service
hot=$(echo "$hots" | median); spread=$(echo "$spreads" | median); naive=$(echo "$naives" | median)
audience=$(echo "$audiences" | median)
echo "rounds: hot [$hots ], spread [$spreads ], audience [$audiences ], naive [$naives ]"
echo "mean flush statement: ${flush:-?} ms; audience tables: $bytes bytes for $minutes story-minutes" \
  "($(awk -v b="$bytes" -v m="$minutes" 'BEGIN {if (m > 0) printf "%d", b / m}') bytes each)"
echo "dashboard board of 100 stories: ${board:-?}"

printf '%-38s %10s\n' "case" "req/s"
printf '%-38s %10s\n' "batched, one hot story" "$hot"
printf '%-38s %10s\n' "batched, 1,000 stories" "$spread"
printf '%-38s %10s\n' "batched, hot story, referrers + pings" "$audience"
printf '%-38s %10s\n' "naive (UPDATE per view), one hot story" "$naive"
awk -v h="$hot" -v s="$spread" -v n="$naive" -v a="$audience" 'BEGIN {
  printf "hot / naive    = %6.1fx   (goal >= 20x)\n", h / n
  printf "hot / spread   = %6.2fx   (goal >= 0.9x)\n", h / s
  printf "audience / hot = %6.2fx   (goal >= 0.85x)\n", a / h
}'
