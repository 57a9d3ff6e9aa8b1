#!/usr/bin/env bash
# The step of action.yml (the repository's GitHub Action): its inputs arrive as STATUSPHERE_*
# variables; runs statusphere-check.sh beside this file, then writes the step's outputs
# (exit-code, report) to $GITHUB_OUTPUT and a table to the job summary. Exits as the check.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# One vendor per line, blank lines and surrounding spaces ignored (names may hold spaces).
vendors=()
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  [[ -n "$line" ]] && vendors+=("$line")
done <<<"${STATUSPHERE_VENDORS:-}"

report="$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/statusphere-check.XXXXXX")"
trap 'rm -f "$report"' EXIT
bash "$here/statusphere-check.sh" --url="${STATUSPHERE_URL:-}" --fail-on="${STATUSPHERE_FAIL_ON:-major}" \
  --components="${STATUSPHERE_COMPONENTS:-}" --timeout="${STATUSPHERE_TIMEOUT:-10}" --report="$report" "${vendors[@]}"
code=$?

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  echo "exit-code=$code" >>"$GITHUB_OUTPUT"
  if [[ -s "$report" ]]; then
    # A delimiter the JSON cannot hold (jq escapes every control character in strings).
    delimiter="STATUSPHERE_REPORT_$RANDOM$RANDOM"
    { echo "report<<$delimiter"; cat "$report"; echo "$delimiter"; } >>"$GITHUB_OUTPUT"
  fi
fi
if [[ -n "${GITHUB_STEP_SUMMARY:-}" && -s "$report" ]]; then
  jq -r '"### statusphere deploy gate: " + (if .exitCode == 0 then "fine" elif .exitCode == 1 then "a vendor is down"
      else "a vendor is unknown, or statusphere unreachable" end), "", (.error // empty), "", "| vendor | status | since | open incidents |", "|---|---|---|---|",
    (.vendors[] | "| \(if .name == "" then .query else .name end | gsub("\\|"; "\\\\|")) | \(.status) | \(.since // "")"
      + " | \([.openIncidents[] | .impact + ": " + .title] | join("; ") | gsub("\\|"; "\\\\|")) |")' \
    "$report" >>"$GITHUB_STEP_SUMMARY"
fi
exit "$code"
