#!/usr/bin/env bash
# Scrape throughput: statusphere-scraper (fetch + parse + report) against nginx serving
# Statuspage documents under PAGES distinct page URLs on 127.0.0.1, next to wrk's request
# rate on the same URLs in the same run (the loopback ceiling). Prints pages/s, requests/s,
# the ratio to wrk, CPU per page (scraper and server) and both processes' peak RSS.
#
# Three rounds of PAGES pages each: the first scrape (every incident new, and each page's
# backfill), then every page due again with nothing changed, served as 304s (the scraper sends
# the validators it was given), then as 200s with the same bytes (nginx's validators off).
# REFERENCE=DIR (a directory holding an older statusphere-server and statusphere-scraper)
# runs the same rounds on those binaries in the same run, before this tree's.
#
#   bench/scrape_bench.sh [PAGES=2000] [WORKERS=32]
# Needs nginx, wrk and sqlite3 (apt-get install nginx-light wrk sqlite3); not part of CI.
# POSTGRES_URL=postgresql://... stores on PostgreSQL (each set of binaries in a database of its
# own, created there) instead of SQLite; server CPU is then the server's, the database's not.
# PROFILE=DIR records the server under `perf record -g` in each round (DIR/perf-<binaries>-<round>.data).
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-2000}"
WORKERS="${2:-32}"
for tool in nginx wrk sqlite3 psql curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install nginx-light wrk)"; exit 1; }
done
source scripts/bazel_env.sh
bazel build "${BAZEL_FLAGS[@]}" -c opt //server:statusphere-server //scraper:statusphere-scraper >/dev/null 2>&1
BIN="$(bazel info "${BAZEL_FLAGS[@]}" bazel-bin 2>/dev/null)"

work="$(mktemp -d /tmp/statusphere-bench.XXXXXX)"
chmod 755 "$work"  # nginx's workers run as an unprivileged user
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT

# The documents: the Atlassian provider's own test fixtures, one copy per page.
testdata=providers/atlassian_statuspage/testdata
mkdir -p "$work/www"
for i in $(seq 1 "$PAGES"); do
  mkdir -p "$work/www/p$i/api/v2"
  cp "$testdata"/summary.json "$testdata"/incidents.json "$testdata"/scheduled-maintenances.json "$work/www/p$i/api/v2/"
done
port=$(( 30000 + RANDOM % 20000 ))
nginx_conf() {  # $1: "on" serves validators (ETag, Last-Modified) and 304s, "off" always 200
  local validators="etag on;"
  [ "$1" = off ] && validators="etag off; if_modified_since off;"
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  types { application/json json; }
  server { listen 127.0.0.1:$port; root $work/www; $validators }
}
CONF
}
nginx_conf on
nginx -c "$work/nginx.conf" -p "$work"
pids+=("$(cat "$work/nginx.pid")")

# Reference: wrk over the same URLs (3 documents per page), 10 s.
cat > "$work/urls.lua" <<LUA
local i = 0
request = function()
  i = i + 1
  local page = math.floor(i / 3) % $PAGES + 1
  local docs = {"summary.json", "incidents.json", "scheduled-maintenances.json"}
  return wrk.format("GET", "/p" .. page .. "/api/v2/" .. docs[i % 3 + 1])
end
LUA
wrk_rps=$(wrk -t1 -c"$WORKERS" -d10s -s "$work/urls.lua" "http://127.0.0.1:$port" | awk '/Requests\/sec/ {print $2}')

# statusphere: every page due at once, scraped by one scraper with WORKERS workers.
{ echo "# bench catalog"; for i in $(seq 1 "$PAGES"); do printf 'Page %d\thttp://127.0.0.1:%d/p%d\tatlassian-statuspage\n' "$i" "$port" "$i"; done; } > "$work/catalog.tsv"
hz=$(getconf CLK_TCK)
ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# One round: a server on DATA, one scraper, until
# PAGES current scrapes ended with OUTCOME (the scraper's statusphere_scrapes_total
# counter: its per-page log lines are debug-level). Prints one line of figures.
round() {
  local bin=$1 data=$2 name=$3 outcome=$4
  rm -f "$work"/*.port
  # The catalog every time: a server started without one imports the built-in catalog.
  local store=()
  [ -n "${POSTGRES_URL:-}" ] && store=(--postgres_url="$(database_url "$data")")
  local server_cmd=("$bin/statusphere-server" --listen=127.0.0.1:0 --port_file="$work/grpc.port" --data_dir="$data" "${store[@]}"
    --catalog="$work/catalog.tsv" --metrics_listen=127.0.0.1:0 --metrics_port_file="$work/server-metrics.port"
    --current_interval=24h --historical_interval=1000h)
  local server perf_pid=""
  if [ -n "${PROFILE:-}" ]; then
    # Started under perf, which then follows the threads gRPC starts later (-p would not).
    perf record -g -o "$PROFILE/perf-$(basename "$bin")-$name.data" -- "${server_cmd[@]}" 2>>"$work/server.log" &
    perf_pid=$!
    pids+=("$perf_pid")
    for _ in $(seq 1 100); do server=$(pgrep -P "$perf_pid" || true); [ -n "$server" ] && break; sleep 0.1; done
  else
    "${server_cmd[@]}" 2>>"$work/server.log" &
    server=$!
  fi
  pids+=("$server")
  for _ in $(seq 1 300); do [ -s "$work/grpc.port" ] && break; sleep 0.1; done
  # The server's CPU from here on: leases and reports, not the catalog import at start.
  local server_ticks_start start
  server_ticks_start=$(ticks_of "$server")
  start=$(date +%s.%N)
  "$bin/statusphere-scraper" --server="127.0.0.1:$(cat "$work/grpc.port")" --scraper_token_file="$data/scraper_token" \
    --workers="$WORKERS" --batch_size=4 --metrics_listen=127.0.0.1:0 --metrics_port_file="$work/scraper-metrics.port" \
    --idle_wait=200ms --allow_addresses=127.0.0.0/8 --max_workers_per_host="$WORKERS" 2>>"$work/scraper.log" &
  local scraper=$!
  pids+=("$scraper")
  for _ in $(seq 1 100); do [ -s "$work/scraper-metrics.port" ] && break; sleep 0.1; done
  local metrics_url
  metrics_url="http://127.0.0.1:$(cat "$work/scraper-metrics.port")/metrics"
  scrapes() {  # the sum of the scraper's statusphere_scrapes_total series whose labels match $1
    curl -sf "$metrics_url" | awk -v want="$1" '/^statusphere_scrapes_total\{/ && $1 ~ want {n += $2} END {printf "%d", n}'
  }
  local deadline=$(( $(date +%s) + 300 )) failed
  while [ "$(scrapes "outcome=\"$outcome\".*kind=\"current\"")" -lt "$PAGES" ]; do
    failed=$(scrapes 'outcome="(failure|rejected)"')
    if [ "$failed" -gt 0 ] || [ "$(date +%s)" -gt "$deadline" ]; then
      echo "bench: $name: $failed scrapes failed, or the scrapes took too long (other outcomes:"
      curl -sf "$metrics_url" | grep '^statusphere_scrapes_total'; echo ")"
      grep -m3 -E 'scrape.failed|"level":"(warn|error)"' "$work/server.log" "$work/scraper.log"; exit 1
    fi
    sleep 0.1
  done
  local end ticks server_ticks rss server_rss stored
  end=$(date +%s.%N)
  ticks=$(ticks_of "$scraper")
  server_ticks=$(( $(ticks_of "$server") - server_ticks_start ))
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$scraper/status")
  server_rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  # What the server did with the reports (statusphere_scrape_reports_total, where the
  # binaries have it): merged, unchanged (not merged again), not_modified, failure.
  stored=$(curl -sf "http://127.0.0.1:$(cat "$work/server-metrics.port")/metrics" |
    awk -F'[{}"= ]+' '/^statusphere_scrape_reports_total\{/ {printf "%s%s %d", sep, $3, $4; sep = ", "}')
  # The scraper first: it ends (reports or releases) the leases it holds while the server is up.
  kill "$scraper"; wait "$scraper" 2>/dev/null || true
  kill "$server"; wait "$server" 2>/dev/null || true
  [ -n "$perf_pid" ] && { wait "$perf_pid" 2>/dev/null || true; }
  awk -v pages="$PAGES" -v start="$start" -v end="$end" -v wrk="$wrk_rps" -v ticks="$ticks" -v hz="$hz" \
      -v rss="$rss" -v server_ticks="$server_ticks" -v server_rss="$server_rss" -v name="$name" -v stored="$stored" 'BEGIN {
    secs = end - start; pps = pages / secs;
    printf "  %-14s %6.0f pages/s (%.2f of wrk)  scraper %.2f ms/page  server %.2f ms/page  RSS scraper %.1f / server %.1f MB\n",
      name, pps, 3 * pps / wrk, 1000 * ticks / hz / pages, 1000 * server_ticks / hz / pages, rss / 1024, server_rss / 1024;
    if (stored != "") printf "  %-14s reports stored: %s\n", "", stored;
  }'
}

# The database of the binaries whose data directory is $1, on PostgreSQL.
database_url() { echo "${POSTGRES_URL%/*}/bench_$(basename "$1" | tr -c 'a-z0-9\n' _)"; }
# Runs SQL on the store of data directory $1.
store_sql() {
  if [ -n "${POSTGRES_URL:-}" ]; then psql -q "$(database_url "$1")" -c "$2"; else sqlite3 "$1/statusphere.sqlite" "$2"; fi
}

# The same three rounds on one set of binaries.
rounds() {
  local bin=$1 data
  data="$work/data-$(basename "$1")"
  echo "$2:"
  if [ -n "${POSTGRES_URL:-}" ]; then
    psql -q "$POSTGRES_URL" -c "DROP DATABASE IF EXISTS $(basename "$(database_url "$data")")" -c "CREATE DATABASE $(basename "$(database_url "$data")")"
  fi
  nginx_conf on; nginx -c "$work/nginx.conf" -p "$work" -s reload; sleep 0.5
  round "$bin" "$data" first success
  # Every page due again (its backfill not), nothing changed since.
  store_sql "$data" "DELETE FROM leases; UPDATE pages SET next_current_at = 1, next_historical_at = 9000000000000000"
  round "$bin" "$data" unchanged-304 not_modified
  store_sql "$data" "DELETE FROM leases; UPDATE pages SET next_current_at = 1"
  nginx_conf off; nginx -c "$work/nginx.conf" -p "$work" -s reload; sleep 0.5
  round "$bin" "$data" unchanged-200 success
}

echo "scrape benchmark: $PAGES pages (3 documents each) on nginx, $WORKERS workers, one scraper; CPU is per page"
echo "  wrk (same URLs): $wrk_rps requests/s"
if [ -n "${REFERENCE:-}" ]; then
  rounds "$REFERENCE" "reference ($REFERENCE)"
fi
mkdir -p "$work/tree"
ln -sf "$BIN/server/statusphere-server" "$BIN/scraper/statusphere-scraper" "$work/tree/"
rounds "$work/tree" "this tree"
