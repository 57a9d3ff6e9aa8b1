#!/usr/bin/env bash
# promtool must accept the alert rules and the compose Prometheus configuration, and every
# alert must fire on the series of alerts_test.yml (and not before its time).
set -euo pipefail
cd "${TEST_SRCDIR:-.}/${TEST_WORKSPACE:-statusphere}/deploy/prometheus"
if ! command -v promtool >/dev/null; then
  if [[ -n "${CI:-}" ]]; then
    echo "promtool is not installed on CI (scripts/setup.sh installs prometheus)" >&2
    exit 1
  fi
  echo "SKIPPED: promtool is not installed (apt-get install prometheus, or run scripts/setup.sh)"
  exit 0
fi
promtool check rules alerts.yml
promtool check config prometheus.yml
promtool test rules alerts_test.yml
# A broken rule must be refused, or this test proves nothing.
broken="$(mktemp -d)"
trap 'rm -rf "$broken"' EXIT
sed 's/> 2 \* max without/> 2 * maxx without/' alerts.yml > "$broken/alerts.yml"
if promtool check rules "$broken/alerts.yml" >/dev/null 2>&1; then
  echo "promtool accepted a broken rule" >&2
  exit 1
fi
# Every query of the Grafana dashboard must be valid PromQL: checked as recording rules.
dashboard=../grafana/statusphere-dashboard.json
if ! command -v python3 >/dev/null; then
  [[ -n "${CI:-}" ]] && { echo "python3 is missing on CI: the dashboard's queries cannot be read" >&2; exit 1; }
  echo "alert rules are valid and fire as expected; SKIPPED the dashboard's queries (no python3 to read the JSON)"
  exit 0
fi
python3 - "$dashboard" > "$broken/dashboard_rules.yml" <<'PY'
import json, sys
queries = [t["expr"] for p in json.load(open(sys.argv[1]))["panels"] for t in p.get("targets", [])]
assert len(queries) >= 20, queries
print("groups:\n  - name: dashboard\n    rules:")
for i, q in enumerate(queries):
    print(f"      - record: dashboard:query_{i}\n        expr: {json.dumps(q)}")
PY
promtool check rules "$broken/dashboard_rules.yml"
echo "alert rules are valid and fire as expected; the dashboard's queries parse"
