#!/usr/bin/env bash
# Restart benchmark: what it costs when one instance carrying STREAMS open live streams restarts.
#
# Instance A owns the embedded PostgreSQL; instance B uses A's database (PULSE_DATABASE_URL) and carries
# the streams, all on one story. RestartBench opens them on B, posts comments through A (B hears of them
# through the cluster bridge), has this script stop B with SIGNAL and start it again on the same port,
# posting comments while B is down and while its readers come back. Each stream reconnects as a browser's
# EventSource does: after the retry the server sent, with Last-Event-ID. Reported: B's ready time, the
# reconnects per second from ready, when every stream was live again, lost or doubled comments, and (from
# pg_stat_statements, reset when B is stopped) the statements B made for its returning readers.
#
# Needs psql and curl (Debian: apt-get install postgresql-client curl), and an open-file limit above
# STREAMS + 1,000 (the client and B each hold one socket per stream). Restarts A once first so that
# PostgreSQL loads pg_stat_statements. Not part of ./mvnw verify. B's logs are kept in LOGS.
#
#   src/bench/restart.sh                          # 10,000 streams, B stopped with SIGTERM
#   STREAMS=500 SIGNAL=KILL src/bench/restart.sh  # a quick run; B killed without a graceful shutdown
#   COMMENTS_DOWN=300 src/bench/restart.sh        # resuming readers replay 300 comments each (two pages)
# Other knobs: WAVE (streams opened at once at the start, 500), COMMENTS_BEFORE/DURING/AFTER (3, 5, 2),
# OPEN_TIMEOUT (seconds a reconnect waits for B's answer before it gives up and tries again, 30), SETTLE
# (seconds before B's stream gauge is read again at the end, 30), TIMEOUT (the whole run, 600), PORT and
# B_PORT (18083, 18084), CLIENT_HEAP (1g).
set -euo pipefail
cd "$(dirname "$0")/../.."

STREAMS=${STREAMS:-10000}
SIGNAL=${SIGNAL:-TERM}
PORT=${PORT:-18083}
B_PORT=${B_PORT:-18084}
LOGS=${LOGS:-target/restart-bench}
CLIENT_HEAP=${CLIENT_HEAP:-1g}

if [ "$(ulimit -n)" -lt $((STREAMS + 1000)) ]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
if [ "$(ulimit -n)" -lt $((STREAMS + 1000)) ]; then
  echo "ulimit -n is $(ulimit -n): too low for $STREAMS streams (need $((STREAMS + 1000))); raise it or lower STREAMS" >&2
  exit 1
fi
echo "open-file limit $(ulimit -n), $STREAMS streams, B stopped with SIG$SIGNAL; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck source=service.sh
. src/bench/service.sh
need psql
mkdir -p "$LOGS"
data_b=$(mktemp -d)
log_b="$LOGS/b.log"
: > "$log_b"
b=""
stop_b() {
  if [ -n "$b" ]; then kill -KILL "$b" 2>/dev/null; wait "$b" 2>/dev/null || true; fi
  b=""
}
trap 'stop_b; stop_service; rm -rf "$data" "$log" "$data_b"' EXIT

# A, started twice: the first start creates the cluster, the second loads pg_stat_statements.
start_service "$PORT" PULSE_COMMENT_RATE=1000000
sql -c "alter system set shared_preload_libraries = 'pg_stat_statements'"
stop_service
start_service "$PORT" PULSE_COMMENT_RATE=1000000
sql <<'SQL'
create extension if not exists pg_stat_statements;
with a as (insert into article (slug, title, url, published_at, updated_at)
           values ('bench-restart', 'Restart benchmark', 'https://news.example.com/r', now(), now()) returning id)
insert into article_stats (article_id) select id from a;
SQL
pgport=$(grep -o 'Embedded PostgreSQL ready on port [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
admin_password=$(sed -n 1p "$data/postgres-password")
app_password=$(sed -n 2p "$data/postgres-password")

# B connects as the service's own role, as A does; only its migrations check runs as the schema's owner.
start_b() {
  echo "--- B started $(date -Is)" >> "$log_b"
  env PULSE_DATA_DIR="$data_b" SERVER_PORT="$B_PORT" PULSE_DEMO=false PULSE_ADMIN_PASSWORD=bench-admin-password \
    PULSE_COMMENT_RATE=1000000 PULSE_DATABASE_URL="postgresql://pulse:$app_password@localhost:$pgport/postgres" \
    SPRING_FLYWAY_USER=postgres SPRING_FLYWAY_PASSWORD="$admin_password" \
    java -jar "$jar" >> "$log_b" 2>&1 < /dev/null &
  b=$!
}
start_b
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$B_PORT/actuator/health/readiness" >/dev/null && break
  sleep 1
done
curl -sf "http://localhost:$B_PORT/actuator/health/readiness" >/dev/null || { echo "B did not become ready; see $log_b" >&2; exit 1; }

statements() {
  sql -P pager=off <<'SQL'
select calls, rows, round(total_exec_time)::bigint as total_ms, round(max_exec_time::numeric, 1) as max_ms,
       left(regexp_replace(query, '\s+', ' ', 'g'), 110) as statement
from pg_stat_statements where calls > 0 order by calls desc limit 12;
SQL
}

now_ms() { date +%s%3N; }

# The kernel's count of connections dropped because a listening socket's accept queue was full (for the
# whole machine): when B's event loops fall behind the reconnects, this is where readers wait.
listen_overflows() {
  awk '/^TcpExt:/ { if (!seen) { for (i = 1; i <= NF; i++) if ($i == "ListenOverflows") col = i; seen = 1 } else print $col }' /proc/net/netstat
}

# RestartBench asks on its stdout (lines starting with @) and reads the answer on its stdin.
coproc BENCH { exec java -Xmx"$CLIENT_HEAP" -Dstreams="$STREAMS" -Dsignal="$SIGNAL" \
  -Dwave="${WAVE:-500}" -DcommentsBefore="${COMMENTS_BEFORE:-3}" -DcommentsDown="${COMMENTS_DOWN:-5}" \
  -DcommentsDuring="${COMMENTS_DURING:-5}" -DcommentsAfter="${COMMENTS_AFTER:-2}" -Dtimeout="${TIMEOUT:-600}" \
  -DopenTimeout="${OPEN_TIMEOUT:-30}" -Dsettle="${SETTLE:-30}" \
  src/bench/RestartBench.java "http://localhost:$PORT" "http://localhost:$B_PORT" bench-restart 2>&1; }
bench_in=${BENCH[1]}
while IFS= read -r line <&"${BENCH[0]}"; do
  case "$line" in
    @kill)
      sql -q -c "select pg_stat_statements_reset()" >/dev/null
      overflows=$(listen_overflows)
      kill -"$SIGNAL" "$b"; signalled=$(now_ms)
      { wait "$b"; } 2>/dev/null || true; exited=$(now_ms); b=""
      echo "stopped $signalled $exited" >&"$bench_in" ;;
    @start)
      start_b
      echo "started $(now_ms)" >&"$bench_in" ;;
    @snapshot)
      echo
      echo "statements since B was stopped (all instances; A made only the comment writes):"
      statements
      metrics=$(curl -s -u admin:bench-admin-password "http://localhost:$B_PORT/actuator/prometheus" \
        | grep -E '^(pulse_comments_replay_(count|sum|max)|pulse_live_streams) ' || true)
      echo "B's metrics (its counters began at its restart):"
      echo "$metrics"
      replays=$(awk '$1 == "pulse_comments_replay_count" {printf "%d", $2}' <<<"$metrics")
      longest=$(awk '$1 == "pulse_comments_replay_max" {printf "%d", $2}' <<<"$metrics")
      pages=$(sql -At -c "select coalesce(sum(calls), 0) from pg_stat_statements where query like 'select seq, kind, data from comment_event%'")
      numbers=$(sql -At -c "select coalesce(sum(calls), 0) from pg_stat_statements where query like 'select event_seq from article_stats%'")
      # A replay reads 200 events a page (CommentEvents.PAGE), so below that it is one query; the rest of
      # the comment_event reads are the feed's fetch rounds, which every stream connect asks for.
      if [ "${longest:-0}" -lt 200 ]; then per="one query each"; else per="up to $((longest / 200 + 1)) queries each"; fi
      echo "reads for the returning readers: ${replays:-?} replays ($per), $pages comment_event reads in all" \
        "(so $((pages - ${replays:-0})) fetch rounds), $numbers event-number reads (one per stream connect)"
      echo "load average $(cut -d' ' -f1-3 /proc/loadavg); B's CPU time since its restart $(ps -o times= -p "$b" | tr -d ' ') s;" \
        "accept-queue overflows since B was stopped (whole machine): $(( $(listen_overflows) - overflows ))"
      echo "ok" >&"$bench_in" ;;
    @final)
      echo "$(date +%T) B's open streams by its gauge: $(curl -s -u admin:bench-admin-password "http://localhost:$B_PORT/actuator/prometheus" \
        | awk '$1 == "pulse_live_streams" {printf "%d", $2}') (the client holds $STREAMS)"
      echo "ok" >&"$bench_in" ;;
    *) echo "$line" ;;
  esac
done
wait "$BENCH_PID" 2>/dev/null || true

echo
awk '/^--- B started/{n++} n==2' "$log_b" | grep -o 'Netty started on port.*\|Started ReaderPulseApplication in.*' | sed 's/^/restarted B: /' || true

# B's warnings and errors: the first process's (its run and its stop), then the restarted one's.
for part in 1 2; do
  lines=$(awk -v part=$part '/^--- B started/{n++} n==part' "$log_b" | grep -E ' (WARN|ERROR) ' || true)
  echo
  echo "B's log, $( [ $part = 1 ] && echo "first process" || echo "after the restart") ($log_b): $(grep -c . <<<"$lines" || true) warnings and errors"
  [ -z "$lines" ] || sed -E 's/^[^ ]+ +(WARN|ERROR) .* : /\1 /' <<<"$lines" | cut -c1-200 | sort | uniq -c | sort -rn | head -10
done
