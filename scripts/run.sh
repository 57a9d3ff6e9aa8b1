#!/usr/bin/env bash
# Sets up and runs statusphere on the embedded store (SQLite under ./data), in the
# foreground: the gRPC server with the built-in catalog, a scraper, and the REST gateway.
# Ctrl-C stops everything.
#
# Environment: STATUSPHERE_LISTEN (default 127.0.0.1:50051), STATUSPHERE_DATA_DIR (data),
# and every other STATUSPHERE_* setting the binaries document with --help.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
source scripts/bazel_env.sh
bazel build "${BAZEL_FLAGS[@]}" //server:statusphere-server //scraper:statusphere-scraper //tools/cli:statusphere-cli \
  //gateway:statusphere-gateway

export STATUSPHERE_LISTEN="${STATUSPHERE_LISTEN:-127.0.0.1:50051}"
export STATUSPHERE_DATA_DIR="${STATUSPHERE_DATA_DIR:-data}"
mkdir -p "$STATUSPHERE_DATA_DIR"
BIN="$(bazel info "${BAZEL_FLAGS[@]}" bazel-bin 2>/dev/null)"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$BIN/server/statusphere-server" &
pids+=($!)

cli=("$BIN/tools/cli/statusphere-cli" --server="$STATUSPHERE_LISTEN" --admin_token_file="$STATUSPHERE_DATA_DIR/admin_token")
for _ in $(seq 1 50); do
  if "${cli[@]}" --timeout_seconds=1 health >/dev/null 2>&1; then break; fi
  sleep 0.2
done
"${cli[@]}" health >/dev/null

STATUSPHERE_SERVER="$STATUSPHERE_LISTEN" "$BIN/scraper/statusphere-scraper" &
pids+=($!)

export STATUSPHERE_GATEWAY_LISTEN="${STATUSPHERE_GATEWAY_LISTEN:-127.0.0.1:8080}"
export STATUSPHERE_GATEWAY_BACKEND="${STATUSPHERE_GATEWAY_BACKEND:-$STATUSPHERE_LISTEN}"
"$BIN/gateway/statusphere-gateway" &
pids+=($!)
cat <<MSG

statusphere is running: REST on http://$STATUSPHERE_GATEWAY_LISTEN/api/v1, gRPC on $STATUSPHERE_LISTEN,
a scraper, data in $STATUSPHERE_DATA_DIR/. Try, in another terminal:
  curl -s http://$STATUSPHERE_GATEWAY_LISTEN/api/v1/statusPages/count
  curl -s 'http://$STATUSPHERE_GATEWAY_LISTEN/api/v1/currentStatus?statusPageUrl=https://www.githubstatus.com'
  $BIN/tools/cli/statusphere-cli count
  $BIN/tools/cli/statusphere-cli search github
  $BIN/tools/cli/statusphere-cli incidents https://www.githubstatus.com
Ctrl-C stops it.
MSG
wait -n "${pids[@]}"
