#!/usr/bin/env bash
# API latency and throughput: /api/v1/currentStatus and /api/v1/incidents?limit=50 through
# the REST gateway (wrk), the same RPCs over gRPC directly (bench/api_load.cc), and nginx
# serving the very same JSON bodies as static files (the ceiling), all on 127.0.0.1 in one
# run. Prints requests/s and p50/p99 latency for each, the revalidation path (If-None-Match
# answered 304) of the gateway and of nginx, and the gateway cache's hit rate over the runs.
#
#   bench/api_bench.sh [SECONDS=10] [CONNECTIONS=32]
#   STATUSPHERE_BENCH_PROFILE=DIR bench/api_bench.sh   # also a CPU profile of each gateway run
#                                                      # (DIR/<endpoint>.pprof; go tool pprof -top)
# Needs nginx and wrk (apt-get install nginx-light wrk); not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS="${2:-32}"
for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install nginx-light wrk)"; exit 1; }
done
source scripts/bazel_env.sh
bazel build "${BAZEL_FLAGS[@]}" -c opt //server:statusphere-server //gateway:statusphere-gateway //bench:api_load >/dev/null 2>&1
BIN="$(bazel info "${BAZEL_FLAGS[@]}" bazel-bin 2>/dev/null)"

work="$(mktemp -d /tmp/statusphere-apibench.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "bench-admin-token-0123456789" > "$work/token"
"$BIN/server/statusphere-server" --listen=127.0.0.1:0 --port_file="$work/grpc.port" --data_dir="$work/data" \
  --catalog=none --admin_token_file="$work/token" --allow_addresses=any --rate_limit_rps=0 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/grpc.port" ] && break; sleep 0.1; done
grpc="127.0.0.1:$(cat "$work/grpc.port")"
"$BIN/bench/api_load" --server="$grpc" --token_file="$work/token" --scraper_token_file="$work/data/scraper_token" seed

http_port=$(( 30000 + RANDOM % 10000 ))
profile_dir="${STATUSPHERE_BENCH_PROFILE:-}"
pprof_port=$(( 20000 + RANDOM % 5000 ))
pprof_flags=()
[ -n "$profile_dir" ] && mkdir -p "$profile_dir" && pprof_flags=(--pprof_listen="127.0.0.1:$pprof_port")
# Like the server, no rate limit: one wrk client would otherwise meet it at once.
"$BIN/gateway/statusphere-gateway" --listen="127.0.0.1:$http_port" --backend="$grpc" --token_file="$work/data/gateway_token" --rate_limit_rps=0 \
  "${pprof_flags[@]}" 2>"$work/gateway.log" &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done

page="https://status.bench.example"
current="/api/v1/currentStatus?statusPageUrl=$page"
incidents="/api/v1/incidents?statusPageUrl=$page&limit=50"

# nginx serves the gateway's own answers as files: same bytes, no work.
mkdir -p "$work/www"
curl -sf "http://127.0.0.1:$http_port$current" > "$work/www/current.json"
curl -sf "http://127.0.0.1:$http_port$incidents" > "$work/www/incidents.json"
nginx_port=$(( 40000 + RANDOM % 10000 ))
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http { access_log off; types { application/json json; } server { listen 127.0.0.1:$nginx_port; root $work/www; } }
CONF
nginx -c "$work/nginx.conf" -p "$work"
pids+=("$(cat "$work/nginx.pid")")

wrk_run() {  # URL [HEADER]: prints "rps p50_ms p99_ms"
  local header=()
  [ -n "${2:-}" ] && header=(-H "$2")
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${header[@]}" "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ {rps = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
    END {printf "%.0f %.2f %.2f\n", rps, p50, p99}'
}

cache_lookups() {  # prints "hits+shared misses" from the gateway's /metrics
  curl -sf "http://127.0.0.1:$http_port/metrics" | awk '
    /^statusphere_gateway_cache_lookups_total/ { if ($1 ~ /"miss"/) m += $2; else h += $2 }
    END { printf "%d %d\n", h, m }'
}
etag_of() { curl -sf -D - -o /dev/null "$1" | awk 'tolower($1) == "etag:" { sub(/\r$/, "", $2); print $2 }'; }

printf "API benchmark: %d connections, %ds per run, 1 page with 500 incidents (limit=50 returns 50)\n" "$CONNECTIONS" "$SECONDS_PER_RUN"
printf "  %-34s %10s %9s %9s\n" "" "req/s" "p50 ms" "p99 ms"
for endpoint in current incidents; do
  path=$([ "$endpoint" = current ] && echo "$current" || echo "$incidents")
  read -r hits_before misses_before <<<"$(cache_lookups)"
  if [ -n "$profile_dir" ]; then
    curl -sf "http://127.0.0.1:$pprof_port/debug/pprof/profile?seconds=$(( SECONDS_PER_RUN > 2 ? SECONDS_PER_RUN - 2 : 1 ))" \
      -o "$profile_dir/$endpoint.pprof" &
    profiling=$!
  fi
  read -r g_rps g_p50 g_p99 <<<"$(wrk_run "http://127.0.0.1:$http_port$path")"
  [ -n "$profile_dir" ] && wait "$profiling"
  read -r hits_after misses_after <<<"$(cache_lookups)"
  read -r c_rps c_p50 c_p99 <<<"$(wrk_run "http://127.0.0.1:$http_port$path" "If-None-Match: $(etag_of "http://127.0.0.1:$http_port$path")")"
  read -r r_rps r_p50 r_p99 _ <<<"$("$BIN/bench/api_load" --server="$grpc" --connections="$CONNECTIONS" \
      --duration="${SECONDS_PER_RUN}s" load "$endpoint")"
  read -r n_rps n_p50 n_p99 <<<"$(wrk_run "http://127.0.0.1:$nginx_port/$endpoint.json")"
  read -r m_rps m_p50 m_p99 <<<"$(wrk_run "http://127.0.0.1:$nginx_port/$endpoint.json" "If-None-Match: $(etag_of "http://127.0.0.1:$nginx_port/$endpoint.json")")"
  printf "  %-34s %10s %9s %9s\n" "$endpoint: REST via gateway" "$g_rps" "$g_p50" "$g_p99"
  printf "  %-34s %10s %9s %9s\n" "$endpoint: gRPC direct" "$r_rps" "$r_p50" "$r_p99"
  printf "  %-34s %10s %9s %9s\n" "$endpoint: nginx, same JSON (ceiling)" "$n_rps" "$n_p50" "$n_p99"
  printf "  %-34s %10s %9s %9s\n" "$endpoint: gateway 304 (If-None-Match)" "$c_rps" "$c_p50" "$c_p99"
  printf "  %-34s %10s %9s %9s\n" "$endpoint: nginx 304 (If-None-Match)" "$m_rps" "$m_p50" "$m_p99"
  awk -v g="$g_rps" -v n="$n_rps" -v r="$r_rps" -v c="$c_rps" -v m="$m_rps" \
    'BEGIN {printf "  %-34s gateway %.2f, gRPC %.2f of nginx; 304: gateway %.2f of nginx\n", "", g / n, r / n, c / m}'
  awk -v h=$(( hits_after - hits_before )) -v m=$(( misses_after - misses_before )) \
    'BEGIN {printf "  %-34s %.4f (%d hits, %d backend calls)\n", "gateway cache hit rate", h / (h + m > 0 ? h + m : 1), h, m}'
  if [ -n "$profile_dir" ] && [ -s "$profile_dir/$endpoint.pprof" ]; then
    go tool pprof -top -nodecount=15 "$profile_dir/$endpoint.pprof" 2>/dev/null | sed -n '4,20p' | sed 's/^/    /'
  fi
done
echo "  load average: $(cat /proc/loadavg)"
