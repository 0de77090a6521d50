#!/usr/bin/env bash
# Comment benchmark: time for a comment to reach 1,000 open streams, and POST latency at a steady rate.
# Needs psql (Debian: apt-get install postgresql-client). Not part of ./mvnw verify.
#
#   src/bench/comments.sh                        # 300 comments/s on one story for 20 s after a 60 s warm-up, then 1,000 streams
#   READERS=500 RATE=400 DURATION=30 WARMUP=60 CONNECTIONS=64 src/bench/comments.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-18082}
# shellcheck source=service.sh
. src/bench/service.sh
need psql
start_service "$PORT" PULSE_COMMENT_RATE=1000000
sql <<'SQL'
with a as (insert into article (slug, title, url, published_at, updated_at)
           values ('bench-comments', 'Comment benchmark', 'https://news.example.com/c', now(), now()) returning id)
insert into article_stats (article_id) select id from a;
SQL
java -Dreaders="${READERS:-1000}" -Drate="${RATE:-300}" -Dseconds="${DURATION:-20}" -Dwarmup="${WARMUP:-60}" \
  -Dconnections="${CONNECTIONS:-64}" \
  src/bench/CommentBench.java "http://localhost:$PORT" bench-comments
stop_service
