#!/usr/bin/env bash
# Import benchmark: a generated WordPress export of 100,000 comments on 1,000 posts (gzip), imported with curl.
# Prints the time, the rate and the service's peak heap while it imported. Not part of ./mvnw verify.
#
#   src/bench/imports.sh                         # 1,000 posts x 100 comments
#   POSTS=2000 COMMENTS=100 src/bench/imports.sh
#   FORMAT=disqus src/bench/imports.sh           # a Disqus export: 1,000 threads (each under two addresses) x 100 posts
#   SERVICE_ENV=JAVA_TOOL_OPTIONS=-Xmx256m src/bench/imports.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT=${PORT:-18083}
# shellcheck source=service.sh
. src/bench/service.sh
need psql
export_file=$(mktemp --suffix=.xml.gz)
heap=$(mktemp)
trap 'stop_service; rm -rf "$data" "$log" "$export_file" "$heap"' EXIT
format=${FORMAT:-wordpress}
if [ "$format" = disqus ]; then
  java src/bench/DisqusExport.java "$export_file" "${POSTS:-1000}" "${COMMENTS:-100}"
else
  java src/bench/WxrExport.java "$export_file" "${POSTS:-1000}" "${COMMENTS:-100}"
fi
echo "export: $(du -h "$export_file" | cut -f1) gzip, $(gzip -dc "$export_file" | wc -c | numfmt --to=iec) as XML"
start_service "$PORT" ${SERVICE_ENV:-}
admin=admin:bench-admin-password

# The heap in use, sampled by jstat every 100 ms while the import runs.
jstat -gc "$app" 100 > "$heap" & sampler=$!
start=$(date +%s.%N)
curl -sf -u "$admin" -H 'Content-Type: application/xml' -H 'Content-Encoding: gzip' \
  --data-binary @"$export_file" "http://localhost:$PORT/api/imports/$format"
echo
end=$(date +%s.%N)
kill "$sampler"; wait "$sampler" 2>/dev/null || true
imported=$(sql -At -c "select count(*) from comment")
awk -v s="$start" -v e="$end" -v n="$imported" 'BEGIN { printf "imported %d comments in %.1f s: %.0f comments/s\n", n, e - s, n / (e - s) }'
# Survivor, eden and old generation in use (KiB).
awk '$1 ~ /^[0-9]/ { used = $3 + $4 + $6 + $8; if (used > peak) peak = used } END { printf "peak heap in use while importing: %.0f MiB\n", peak / 1024 }' "$heap"
echo "max heap: $(jcmd "$app" VM.flags | grep -o -- '-XX:MaxHeapSize=[0-9]*' | cut -d= -f2 | numfmt --to=iec)"
grep 'Import from' "$log" | tail -2 || true
stop_service
