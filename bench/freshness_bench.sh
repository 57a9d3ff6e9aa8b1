#!/usr/bin/env bash
# Freshness, adaptive polling against the earlier hot polling and the fixed schedule, side by
# side on the same events: a farm of PAGES Statuspage-style pages (bench/freshness_bench.go)
# whose incidents open, gain updates and resolve at random, and three statusphere stacks
# (server, scraper, gateway each) scraping it:
#   adaptive  hot pages every 60 s right after a change, the interval growing by HOT_GROWTH
#             of the time since the page last changed, up to HOT_MAX (--hot_growth,
#             --hot_max_interval);
#   hot       hot pages every 60 s whatever they say (the rule before --hot_growth);
#   fixed     every page every 5 minutes (hot polling off).
# Prints, per stack, the delay from the farm serving an update to the stack's SSE stream
# carrying it and to its generic JSON webhook (a subscription created with statusphere-cli,
# posting to the farm) delivering it (p50 / p99; "later" = updates of an incident already
# open), and the farm's requests per page per hour.
#
# Time is scaled by SCALE (10: 1 real second stands for 10): the stacks run with the
# intervals divided by it (5 min -> 30 s, 60 s -> 6 s, 1 h -> 6 min), and the figures are
# printed in simulated seconds.
#
#   bench/freshness_bench.sh [PAGES=200] [SECONDS=180]
# QUIET_GAP (6h) and MEAN_GAP (20m): simulated mean time before a quiet page opens an
# incident, and between two changes of an open one. HOT_GROWTH (0.1) and HOT_MAX (120,
# simulated seconds): the adaptive stack's growth. STACKS (adaptive,hot,fixed): which run.
# MODE (opt): the binaries' compilation mode.
# Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-200}"
DURATION="${2:-180}"
SCALE="${SCALE:-10}"
HOT_GROWTH="${HOT_GROWTH:-0.1}"
HOT_MAX="${HOT_MAX:-120}"
STACKS="${STACKS:-adaptive,hot,fixed}"
source scripts/bazel_env.sh
# MODE=fastbuild reuses the test builds' binaries: the figures are the schedule's, not CPU's.
MODE="${MODE:-opt}"
bazel build "${BAZEL_FLAGS[@]}" -c "$MODE" //server:statusphere-server //scraper:statusphere-scraper \
  //gateway:statusphere-gateway //tools/cli:statusphere-cli >/dev/null 2>&1
BIN="$(bazel info "${BAZEL_FLAGS[@]}" -c "$MODE" bazel-bin 2>/dev/null)"

work="$(mktemp -d /tmp/statusphere-freshness.XXXXXX)"
pids=()
# KEEP=1 keeps the logs (the processes are stopped all the same).
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "logs in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
GO111MODULE=off GOPATH=/usr/share/gocode CGO_ENABLED=0 go build -o "$work/freshness_bench" bench/freshness_bench.go \
  bench/sse_reader.go bench/percentile.go

seconds() { awk -v s="$1" -v k="$SCALE" 'BEGIN { printf "%.3fs", s / k }'; }
"$work/freshness_bench" --pages="$PAGES" --scale="$SCALE" --duration="${DURATION}s" --port_file="$work/farm.port" \
  --quiet_gap="${QUIET_GAP:-6h}" --mean_gap="${MEAN_GAP:-20m}" --stacks="$STACKS" --prefix="$work/stack" \
  > "$work/result.txt" &
farm=$!
pids+=("$farm")
for _ in $(seq 1 100); do [ -s "$work/farm.port" ] && break; sleep 0.1; done

# One stack, by name: its schedule flags, then server, scraper, gateway and a webhook
# subscription posting to the farm.
stack() {
  local s=$1 schedule
  case "$s" in
    adaptive) schedule=("--hot_interval=$(seconds 60)" "--hot_after_change=$(seconds 3600)" "--hot_growth=$HOT_GROWTH"
                        "--hot_max_interval=$(seconds "$HOT_MAX")") ;;
    hot) schedule=("--hot_interval=$(seconds 60)" "--hot_after_change=$(seconds 3600)" --hot_growth=0) ;;
    fixed) schedule=(--hot_interval=inf) ;;
    *) echo "unknown stack $s" >&2; exit 2 ;;
  esac
  "$BIN/server/statusphere-server" --listen=127.0.0.1:0 --port_file="$work/grpc-$s.port" --data_dir="$work/data-$s" \
    --catalog="$work/stack-$s.tsv" --metrics_listen= --current_interval="$(seconds 300)" \
    --historical_interval=1000h --stale_after=inf --notify_allowed_hosts=127.0.0.1 --allow_addresses=127.0.0.0/8 \
    "${schedule[@]}" 2>"$work/server-$s.log" &
  pids+=("$!")
  for _ in $(seq 1 100); do [ -s "$work/grpc-$s.port" ] && break; sleep 0.1; done
  "$BIN/scraper/statusphere-scraper" --server="127.0.0.1:$(cat "$work/grpc-$s.port")" \
    --scraper_token_file="$work/data-$s/scraper_token" --workers=8 --idle_wait=100ms --metrics_listen= \
    --allow_addresses=127.0.0.0/8 --max_workers_per_host=8 2>"$work/scraper-$s.log" &
  pids+=("$!")
  "$BIN/gateway/statusphere-gateway" --listen=127.0.0.1:0 --port_file="$work/http-$s.port" \
    --backend="127.0.0.1:$(cat "$work/grpc-$s.port")" --token_file="$work/data-$s/gateway_token" --rate_limit_rps=0 \
    --log_format=json 2>"$work/gateway-$s.log" &
  pids+=("$!")
  "$BIN/tools/cli/statusphere-cli" --server="127.0.0.1:$(cat "$work/grpc-$s.port")" \
    --admin_token_file="$work/data-$s/admin_token" subscribe \
    "{\"subscription\": {\"target\": {\"kind\": \"GENERIC_JSON\", \"url\": \"http://127.0.0.1:$(cat "$work/farm.port")/hook/$s\"}}}" \
    >"$work/subscription-$s.json"
  for _ in $(seq 1 100); do [ -s "$work/http-$s.port" ] && break; sleep 0.1; done
  echo "http://127.0.0.1:$(cat "$work/http-$s.port")" > "$work/stack-$s.url"
}
IFS=, read -r -a names <<< "$STACKS"
for s in "${names[@]}"; do stack "$s"; done
wait "$farm"
echo "freshness benchmark: $PAGES pages, ${DURATION} s of changes, time scaled x$SCALE (figures in simulated seconds;"
echo "  current interval 300 s, hot interval 60 s, hot for 3600 s after a change; adaptive: growth $HOT_GROWTH of the"
echo "  time since the last change, up to $HOT_MAX s; requests are document requests), load average $(cut -d' ' -f1-3 /proc/loadavg)"
sed 's/^/  /' "$work/result.txt"
