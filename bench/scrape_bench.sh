#!/usr/bin/env bash
# Scrape throughput: statusphere-scraper (fetch + parse + report) against nginx serving
# Statuspage documents under PAGES distinct page URLs on 127.0.0.1, next to wrk's request
# rate on the same URLs in the same run (the loopback ceiling). Prints pages/s, requests/s,
# the ratio to wrk, CPU per page (scraper and server) and both processes' peak RSS.
#
#   bench/scrape_bench.sh [PAGES=2000] [WORKERS=32]
# Needs nginx and wrk (apt-get install nginx-light wrk); not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-2000}"
WORKERS="${2:-32}"
for tool in nginx wrk; do
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
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  types { application/json json; }
  server { listen 127.0.0.1:$port; root $work/www; etag on; }
}
CONF
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
"$BIN/server/statusphere-server" --listen=127.0.0.1:0 --port_file="$work/grpc.port" --data_dir="$work/data" \
  --catalog="$work/catalog.tsv" --current_interval=24h --historical_interval=1000h 2>"$work/server.log" &
server=$!
pids+=("$server")
for _ in $(seq 1 100); do [ -s "$work/grpc.port" ] && break; sleep 0.1; done
grpc_port=$(cat "$work/grpc.port")
# The server's CPU from here on: leases and reports, not the catalog import at start.
server_ticks_start=$(awk '{print $14 + $15}' "/proc/$server/stat")
start=$(date +%s.%N)
"$BIN/scraper/statusphere-scraper" --server="127.0.0.1:$grpc_port" --scraper_token_file="$work/data/scraper_token" \
  --workers="$WORKERS" --batch_size=4 \
  --idle_wait=200ms --allow_addresses=127.0.0.0/8 --max_workers_per_host="$WORKERS" 2>"$work/scraper.log" &
scraper=$!
pids+=("$scraper")
# Done when every page's current scrape succeeded; any failure aborts the benchmark. Each
# page's historical backfill is due from the start too and runs interleaved with the
# current scrapes, so the CPU per page covers about one of each.
deadline=$(( $(date +%s) + 300 ))
while [ "$(grep -c '"kind":"current","outcome":"success"' "$work/scraper.log" || true)" -lt "$PAGES" ]; do
  if grep -q '"outcome":"failure"' "$work/scraper.log" || [ "$(date +%s)" -gt "$deadline" ]; then
    echo "bench: scrapes failed or took too long:"; grep -m3 scrape.failed "$work/server.log"; exit 1
  fi
  sleep 0.1
done
end=$(date +%s.%N)
ticks=$(awk '{print $14 + $15}' "/proc/$scraper/stat")
server_ticks=$(( $(awk '{print $14 + $15}' "/proc/$server/stat") - server_ticks_start ))
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$scraper/status")
server_rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
hz=$(getconf CLK_TCK)
failures=0

awk -v pages="$PAGES" -v start="$start" -v end="$end" -v wrk="$wrk_rps" -v ticks="$ticks" -v hz="$hz" \
    -v rss="$rss_kb" -v failures="$failures" -v workers="$WORKERS" \
    -v server_ticks="$server_ticks" -v server_rss="$server_rss_kb" 'BEGIN {
  secs = end - start; pps = pages / secs; rps = 3 * pps;
  printf "scrape benchmark: %d pages (3 documents each) on nginx, %d workers\n", pages, workers;
  printf "  statusphere-scraper: %.0f pages/s = %.0f requests/s (fetch+parse+report), %d failures\n", pps, rps, failures;
  printf "  wrk (same URLs):     %.0f requests/s\n", wrk;
  printf "  ratio:               %.2f of wrk\n", rps / wrk;
  printf "  scraper CPU:         %.2f ms per page\n", 1000 * ticks / hz / pages;
  printf "  server CPU:          %.2f ms per page (leases and reports)\n", 1000 * server_ticks / hz / pages;
  printf "  scraper peak RSS:    %.1f MB with %d pages due\n", rss / 1024, pages;
  printf "  server peak RSS:     %.1f MB\n", server_rss / 1024;
}'
