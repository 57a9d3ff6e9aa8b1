#!/usr/bin/env bash
# Sets up and runs statusphere on the embedded store (SQLite under ./data), in the
# foreground: the gRPC server with the built-in catalog, a scraper, and the REST gateway.
# Ctrl-C stops everything.
#
# Environment: STATUSPHERE_LISTEN (default 127.0.0.1:50051), STATUSPHERE_DATA_DIR (data),
# and every other STATUSPHERE_* setting the binaries document with --help (e.g.
# STATUSPHERE_LOG_LEVEL=debug for a line per page scraped, STATUSPHERE_LOG_FORMAT=json);
# STATUSPHERE_RUN_SERVER_METRICS and STATUSPHERE_RUN_SCRAPER_METRICS move the two /metrics
# addresses (127.0.0.1:9464 and :9465).
#
# In a terminal the logs are text, the scraper sums up each minute in one line, and the
# "running at" lines stay pinned at the top while the logs scroll beneath them.
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

METRICS_SERVER="${STATUSPHERE_RUN_SERVER_METRICS:-127.0.0.1:9464}"
METRICS_SCRAPER="${STATUSPHERE_RUN_SCRAPER_METRICS:-127.0.0.1:9465}"
"$BIN/server/statusphere-server" --metrics_listen="$METRICS_SERVER" &
pids+=($!)

cli=("$BIN/tools/cli/statusphere-cli" --server="$STATUSPHERE_LISTEN" --admin_token_file="$STATUSPHERE_DATA_DIR/admin_token")
for _ in $(seq 1 50); do
  if "${cli[@]}" --timeout_seconds=1 health >/dev/null 2>&1; then break; fi
  sleep 0.2
done
"${cli[@]}" health >/dev/null

# The server wrote the scraper's and the gateway's tokens beside the admin token on first start.
STATUSPHERE_SERVER="${STATUSPHERE_INTERNAL_LISTEN:-$STATUSPHERE_LISTEN}" "$BIN/scraper/statusphere-scraper" --metrics_listen="$METRICS_SCRAPER" \
  --scraper_token_file="$STATUSPHERE_DATA_DIR/scraper_token" &
pids+=($!)

export STATUSPHERE_GATEWAY_LISTEN="${STATUSPHERE_GATEWAY_LISTEN:-127.0.0.1:8080}"
export STATUSPHERE_GATEWAY_BACKEND="${STATUSPHERE_GATEWAY_BACKEND:-$STATUSPHERE_LISTEN}"
"$BIN/gateway/statusphere-gateway" --token_file="$STATUSPHERE_DATA_DIR/gateway_token" &
pids+=($!)
banner() {
  cat <<MSG
statusphere is running: REST on http://$STATUSPHERE_GATEWAY_LISTEN/api/v1, gRPC on $STATUSPHERE_LISTEN,
the dashboard at http://$STATUSPHERE_GATEWAY_LISTEN/ in a browser,
a scraper, data in $STATUSPHERE_DATA_DIR/. Try, in another terminal:
  curl -s http://$STATUSPHERE_GATEWAY_LISTEN/api/v1/statusPages/count
  curl -s 'http://$STATUSPHERE_GATEWAY_LISTEN/api/v1/currentStatus?statusPageUrl=https://www.githubstatus.com'
  $BIN/tools/cli/statusphere-cli search github
Metrics: http://$METRICS_SERVER/metrics (server), http://$METRICS_SCRAPER/metrics (scraper),
  http://$STATUSPHERE_GATEWAY_LISTEN/metrics (gateway). Ctrl-C stops it.
MSG
}

# In a terminal: the banner on the top lines, the logs scrolling in the region below it
# (a VT100 scroll region, redrawn when the window is resized).
pinned=0
if [[ -t 1 && -t 2 && "${TERM:-dumb}" != dumb ]] && command -v tput >/dev/null && tput lines >/dev/null 2>&1; then
  pinned=1
fi
pin() {
  local rows lines
  rows="$(tput lines)"
  # Rows the banner takes, its long lines wrapped.
  lines="$(banner | awk -v cols="$(tput cols)" '{ n += length($0) ? int((length($0) + cols - 1) / cols) : 1 } END { print n }')"
  (( rows > lines + 3 )) || { banner; return; }
  printf '\e[r\e[H\e[2J'            # whole screen, cleared
  banner
  printf '\e[7m%*s\e[0m\n' "$(tput cols)" ''  # a rule under the banner
  printf '\e[%d;%dr\e[%d;1H' "$((lines + 2))" "$rows" "$rows"  # logs scroll below it
}
unpin() { printf '\e[r\e[%d;1H\n' "$(tput lines)"; }

if (( pinned )); then
  sleep 1  # let the start-up lines arrive first; they are in the logs above the pin
  pin
  trap 'pin' WINCH
  trap 'unpin; stop' INT TERM EXIT
else
  echo
  banner
fi
# A resize interrupts wait: keep waiting until one of the processes ends.
while true; do
  set +e
  wait -n "${pids[@]}"
  status=$?
  set -e
  alive=1
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || alive=0; done
  (( status > 128 && alive )) || break
done
exit "$status"
