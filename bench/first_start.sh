#!/usr/bin/env bash
# First start of a fresh install: the server on an empty database reconciles the catalog,
# then serves. Prints, per catalog and run, the reconcile time (store.opened to
# catalog.reconciled in the server's log), the time to serving, and the server's RSS 1 s
# after it serves; then the same for a second start on the same database (nothing to add).
#
#   bench/first_start.sh [RUNS=3] [CATALOG_FILE...]
# The built-in catalog always; each CATALOG_FILE too (e.g. an older catalog as reference:
# git show d6faed0:catalog/status_pages.tsv > /tmp/catalog320.tsv). On PostgreSQL when
# STATUSPHERE_PG_URL is set (each run in a fresh database; needs psql), else on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
shift || true
source scripts/bazel_env.sh
bazel build "${BAZEL_FLAGS[@]}" -c opt //server:statusphere-server >/dev/null 2>&1
SERVER="$(bazel info "${BAZEL_FLAGS[@]}" -c opt bazel-bin 2>/dev/null)/server/statusphere-server"

millis() { date -d "$1" +%s%3N; }
event_time() { grep "\"event\":\"$2\"" "$1" | tail -1 | sed 's/.*"time":"\([^"]*\)".*/\1/'; }

# start LOG DIR [FLAGS...]: runs the server until it serves, prints its figures, stops it.
start() {
  local log="$1" dir="$2"
  shift 2
  rm -f "$dir/port"
  local t0 t1 pid
  t0=$(date +%s%3N)
  "$SERVER" --listen 127.0.0.1:0 --port_file "$dir/port" --data_dir "$dir" --notify=false "$@" 2>"$log" &
  pid=$!
  while [ ! -s "$dir/port" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%3N)
  sleep 1
  local rss
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" || true
  local opened reconciled entries added
  opened=$(millis "$(event_time "$log" store.opened)")
  reconciled=$(millis "$(event_time "$log" catalog.reconciled)")
  entries=$(grep '"event":"catalog.reconciled"' "$log" | sed 's/.*"entries":\([0-9]*\).*/\1/')
  added=$(grep '"event":"catalog.reconciled"' "$log" | sed 's/.*"added":\([0-9]*\).*/\1/')
  printf '  %5s entries %5s added   reconcile %5d ms   serving after %5d ms   RSS %6d kB\n' \
    "$entries" "$added" $((reconciled - opened)) $((t1 - t0)) "$rss"
}

for catalog in "" "$@"; do
  backend=SQLite
  [ -n "${STATUSPHERE_PG_URL:-}" ] && backend=PostgreSQL
  echo "catalog: ${catalog:-built-in}, store: $backend"
  for run in $(seq 1 "$RUNS"); do
    dir="$(mktemp -d /tmp/statusphere-firststart.XXXXXX)"
    flags=(--catalog "$catalog")
    if [ -n "${STATUSPHERE_PG_URL:-}" ]; then
      db="firststart_$$_$run"
      psql -q "$STATUSPHERE_PG_URL" -c "CREATE DATABASE $db" >/dev/null
      flags+=(--postgres_url "${STATUSPHERE_PG_URL%/*}/$db")
    fi
    echo " run $run, first start:"
    start "$dir/first.log" "$dir" "${flags[@]}"
    echo " run $run, second start:"
    start "$dir/second.log" "$dir" "${flags[@]}"
    [ -n "${STATUSPHERE_PG_URL:-}" ] && psql -q "$STATUSPHERE_PG_URL" -c "DROP DATABASE $db" >/dev/null
    rm -rf "$dir"
  done
done
