# Shared by the benchmark scripts (sourced, not run): builds the jar if needed, starts the service with a
# throwaway embedded database, and stops it and deletes the data on exit.
#   need wrk psql          # fails early, naming the Debian packages
#   start_service PORT [VAR=value ...]
#   sql < statements       # psql against the service's embedded PostgreSQL
#   restart_service        # the same again, on the same data: after stories were seeded with sql
#   stop_service

need() {
  for tool in "$@" curl; do
    command -v "$tool" >/dev/null || { echo "$(basename "$0") needs $tool (apt-get install wrk postgresql-client curl)" >&2; exit 1; }
  done
}

jar=$(ls target/reader-pulse-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -DskipTests package
  jar=$(ls target/reader-pulse-*.jar | grep -v original | head -1)
fi
data=$(mktemp -d)
log=$(mktemp)
app=""
port=""
settings=()
trap 'stop_service; rm -rf "$data" "$log"' EXIT

start_service() { # $1 = port, then VAR=value settings
  port=$1; shift
  settings=("$@")
  env PULSE_DATA_DIR="$data" SERVER_PORT="$port" PULSE_DEMO=false PULSE_ADMIN_PASSWORD=bench-admin-password "$@" \
    java -jar "$jar" > "$log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$port/actuator/health/readiness" >/dev/null && return 0
    sleep 1
  done
  echo "the service did not become ready; its log:" >&2; cat "$log" >&2; exit 1
}

# Stories seeded with sql are new to the service's slug filter, which is built at start: until the next build
# it looks up at most 20 unlisted slugs a second and answers 404 for the rest, which a load would count as
# answers. A restart builds it with every story.
restart_service() {
  stop_service
  start_service "$port" "${settings[@]}"
}

stop_service() {
  if [ -n "$app" ]; then kill "$app" 2>/dev/null; wait "$app" 2>/dev/null || true; fi
  app=""
}

sql() {
  local pgport
  pgport=$(grep -o 'Embedded PostgreSQL ready on port [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  # The embedded server asks for a password: the superuser's is the first line of its password file.
  PGPASSWORD=$(head -1 "$data/postgres-password") psql -q -X -h localhost -p "$pgport" -U postgres -d postgres "$@"
}
