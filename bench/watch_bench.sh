#!/usr/bin/env bash
# Live watchers at scale: N Server-Sent Events clients through the gateway's /api/v1/watch
# and N gRPC WatchIncidents streams straight to the server, all open at once on one server
# and one gateway; one report; the time from it to the first and the last client (p50,
# p99), and threads and RSS of both processes. The reference, measured in the same run on
# the same processes, is N=1: the figures at N are printed next to it with their ratio.
#
#   bench/watch_bench.sh [N=10000]
# Not part of CI. Each process needs about N+1000 file descriptors (the clients hold N
# sockets to the gateway and N/100 to the server; the gateway N): raised here.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
want=$(( N + 1000 ))
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
  echo "bench: $want file descriptors wanted, the hard limit is $hard" >&2
  want="$hard"
fi
ulimit -n "$want"

source scripts/bazel_env.sh
bazel build "${BAZEL_FLAGS[@]}" -c opt //server:statusphere-server //gateway:statusphere-gateway //bench:watch_bench_report >/dev/null 2>&1
BIN="$(bazel info "${BAZEL_FLAGS[@]}" -c opt bazel-bin 2>/dev/null)"

work="$(mktemp -d /tmp/statusphere-watchbench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

GO111MODULE=off GOPATH=/usr/share/gocode CGO_ENABLED=0 go build -o "$work/watch_bench" bench/watch_bench.go bench/sse_reader.go bench/percentile.go

echo "bench-admin-token-0123456789" > "$work/token"
"$BIN/server/statusphere-server" --listen=127.0.0.1:0 --port_file="$work/grpc.port" --data_dir="$work/data" \
  --catalog=none --admin_token_file="$work/token" --allow_addresses=any --rate_limit_rps=0 --notify=false --watch_max_streams_per_client=0 --watch_max_streams=0 \
  2>"$work/server.log" &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 1 100); do [ -s "$work/grpc.port" ] && break; sleep 0.1; done
grpc="127.0.0.1:$(cat "$work/grpc.port")"

"$BIN/gateway/statusphere-gateway" --listen=127.0.0.1:0 --port_file="$work/http.port" --backend="$grpc" \
  --token_file="$work/data/gateway_token" --rate_limit_rps=0 --log_format=json 2>"$work/gateway.log" &
gateway_pid=$!
pids+=("$gateway_pid")
for _ in $(seq 1 100); do [ -s "$work/http.port" ] && break; sleep 0.1; done
gateway="http://127.0.0.1:$(cat "$work/http.port")"

report="$BIN/bench/watch_bench_report --server=$grpc --token_file=$work/token --scraper_token_file=$work/data/scraper_token"
run() {  # run LABEL N: one report on a page of its own
  local page="https://status.watchbench-$1.example"
  $report --page="$page" seed
  "$work/watch_bench" --gateway="$gateway" --grpc="$grpc" --n="$2" --server_pid="$server_pid" \
    --gateway_pid="$gateway_pid" --report="$report --page=$page report" | sed "s/^/$1 /" | tee "$work/$1.txt"
}
echo "== reference: N=1"
run ref 1
echo "== N=$N"
run n "$N"

# One figure at N against the same figure at N=1.
field() { grep "^$1 $2 " "$work/$1.txt" | tr ' ' '\n' | sed -n "s/^$3=//p"; }
echo "== ratios (N=$N against N=1)"
for kind in sse grpc; do
  for f in p50_ms p99_ms last_ms; do
    printf '%s %s: %s ms against %s ms (%sx)\n' "$kind" "$f" "$(field n "$kind" "$f")" "$(field ref "$kind" "$f")" \
      "$(awk -v a="$(field n "$kind" "$f")" -v b="$(field ref "$kind" "$f")" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')"
  done
done
for proc in server gateway; do
  printf '%s threads with %s clients open: %s (with 1: %s)\n' "$proc" "$((2 * N))" "$(field n "$proc" threads_open)" "$(field ref "$proc" threads_open)"
done
echo "load average: $(cat /proc/loadavg)"
