#!/usr/bin/env bash
# Comment benchmark: time for a comment to reach 1,000 open streams, and POST latency at a steady rate.
# Needs psql (Debian: apt-get install postgresql-client). Not part of ./mvnw verify.
#
#   src/bench/comments.sh                        # 1,000 streams, 200 comments/s for 15 s after a warm-up
#   READERS=500 RATE=200 DURATION=10 src/bench/comments.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-18082}
for tool in psql curl; do
  command -v "$tool" >/dev/null || { echo "comments.sh needs $tool (apt-get install postgresql-client curl)" >&2; exit 1; }
done
jar=$(ls target/reader-pulse-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests package
  jar=$(ls target/reader-pulse-*.jar | grep -v original | head -1)
fi
data=$(mktemp -d)
log=$(mktemp)
app=""
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null && wait "$app" 2>/dev/null; rm -rf "$data" "$log"; }
trap cleanup EXIT

PULSE_DATA_DIR=$data SERVER_PORT=$PORT PULSE_DEMO=false PULSE_ADMIN_PASSWORD=bench-admin-password \
  PULSE_COMMENT_RATE=1000000 java -jar "$jar" > "$log" 2>&1 &
app=$!
for _ in $(seq 1 120); do curl -sf "http://localhost:$PORT/actuator/health/readiness" >/dev/null && break; sleep 1; done
pgport=$(grep -o 'Embedded PostgreSQL ready on port [0-9]*' "$log" | grep -o '[0-9]*$')
psql -q -X -h localhost -p "$pgport" -U postgres -d postgres <<'SQL'
with a as (insert into article (slug, title, url, published_at, updated_at)
           values ('bench-comments', 'Comment benchmark', 'https://news.example.com/c', now(), now()) returning id)
insert into article_stats (article_id) select id from a;
SQL
java -Dreaders="${READERS:-1000}" -Drate="${RATE:-200}" -Dseconds="${DURATION:-15}" \
  src/bench/CommentBench.java "http://localhost:$PORT" bench-comments
