#!/usr/bin/env bash
# statusphere-check.sh: `statusphere-cli check` over the REST API, with curl and jq only, for
# machines without the C++ build (the GitHub Action, action.yml at the repository root, runs
# it). Same arguments, lines, JSON and exit codes as the CLI; tests/check/ runs both on the
# same pages and asserts that they agree.
#
#   statusphere-check.sh --url=https://status.example.com [--fail-on=degraded|major|critical]
#       [--components=A,B] [--json] [--report=FILE] [--timeout=SECONDS] NAME-OR-URL...
#
# --url (or STATUSPHERE_URL) is the gateway's address. --report also writes the JSON to FILE
# while printing lines. Exit 0: every vendor fine; 1: one at or above --fail-on (default
# major); 2: one never read, stale or unknown to statusphere, the gateway unreachable, or bad
# arguments. A vendor at or above the threshold wins over one not known (1 before 2).
set -uo pipefail

url="${STATUSPHERE_URL:-}"
fail_on=major
components=""
as_json=false
report=""
timeout=10
vendors=()
for arg in "$@"; do
  case "$arg" in
    --url=*) url="${arg#*=}" ;;
    --fail-on=* | --fail_on=*) fail_on="${arg#*=}" ;;
    --components=*) components="${arg#*=}" ;;
    --json) as_json=true ;;
    --report=*) report="${arg#*=}" ;;
    --timeout=*) timeout="${arg#*=}" ;;
    --*) echo "check: unknown flag $arg" >&2 && exit 2 ;;
    *) vendors+=("$arg") ;;
  esac
done

fail() { # message: the run cannot say "fine"
  local document
  document="$(jq -n --arg e "$1" '{exitCode: 2, error: $e, vendors: []}')"
  if $as_json; then printf '%s\n' "$document"; fi
  if [[ -n "$report" ]]; then printf '%s\n' "$document" >"$report"; fi
  echo "check: $1" >&2
  exit 2
}

case "$fail_on" in
  degraded) threshold=1 ;; major) threshold=2 ;; critical) threshold=3 ;;
  *) fail "--fail-on must be degraded, major or critical, not '$fail_on'" ;;
esac
[[ -n "$url" ]] || fail "--url (or STATUSPHERE_URL) names the statusphere gateway, e.g. https://status.example.com"
((${#vendors[@]} > 0)) || fail "name at least one vendor (a status page's name or URL)"
command -v jq >/dev/null || fail "jq is required"
url="${url%/}"
names="$(jq -cn --arg c "$components" '[$c | split(",")[] | gsub("^\\s+|\\s+$"; "") | select(. != "") | ascii_downcase]')"

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
# get PATH QUERY-PARAM VALUE: the HTTP status (000 when no answer); the body in $body.
get() {
  local value
  value="$(jq -rn --arg v "$3" '$v | @uri')"
  curl -sS --max-time "$timeout" -o "$body" -w '%{http_code}' "$url$1?$2=$value" 2>/dev/null || true
}
unreachable() { fail "the statusphere gateway at $url did not answer ($1 for $2)"; }

# page QUERY: the page's JSON (with components) on stdout; nothing when statusphere has none.
page() {
  local query="$1" code
  if [[ "$query" == *://* ]]; then
    code="$(get /api/v1/statusPage statusPageUrl "$query")"
  else
    code="$(get /api/v1/statusPage statusPageName "$query")"
    if [[ "$code" == 404 || "$code" == 400 ]]; then
      # Not a page's exact name: the page search's best match ("github" finds "GitHub").
      code="$(get /api/v1/statusPages/search query "$query")"
      [[ "$code" == 200 ]] || unreachable "HTTP $code" "the search of '$query'"
      local found
      found="$(jq -r '.statusPages[0].url // empty' "$body")"
      [[ -n "$found" ]] || return 0
      code="$(get /api/v1/statusPage statusPageUrl "$found")"
    fi
  fi
  [[ "$code" == 404 ]] && return 0
  [[ "$code" == 200 ]] || unreachable "HTTP $code" "'$query'"
  jq -c .statusPage "$body"
}

# The CLI's rules (tools/cli/check_verdict.cc): severities 0 operational, 1 degraded,
# 2 major, 3 critical; components narrow the verdict to those the page has.
read -r -d '' judge <<'JQ'
def sev_impact: if . == "critical" then 3 elif . == "major" then 2 else 1 end;
def sev_component: if . == "major_outage" then 3 elif . == "partial_outage" then 2
  elif . == "degraded_performance" or . == "under_maintenance" then 1 else 0 end;
def word: ["operational", "degraded", "major", "critical"][.];
def stamp: if . == null then null else sub("\\.[0-9]+Z$"; "Z") end;
def named: ascii_downcase as $n | $names | index($n) != null;
($page.components // []) as $all
| [$all[] | select(.name | named)] as $chosen
| ($chosen | length > 0) as $narrowed
| (if $current.status == "UNKNOWN" then
     {known: false, status: (if $current.lastCurrentlyScraped then "stale" else "unknown" end),
      reason: ($current.statusReason // "" | if . == "" then "not indexed yet" else . end), sev: 0, incidents: []}
   else
     [($current.unresolvedIncidents // [])[]
      | select(($narrowed | not) or (.components | length) == 0 or any(.components[]; named))] as $incidents
     | ([0] + [(if $narrowed then $chosen else $all end)[].status | sev_component]
        + [$incidents[].impact | sev_impact] | max) as $sev
     | if ($narrowed | not) and $current.status == "DEGRADED" and $sev == 0
       then {known: true, sev: 1, reason: "a maintenance window is in progress", incidents: $incidents}
       else {known: true, sev: $sev, reason: "", incidents: $incidents} end
     | .status = (.sev | word)
   end) as $v
| {query: $query, name: $page.name, url: $page.url, status: $v.status,
   verdict: (if ($v.known | not) then "unknown" elif $v.sev >= $threshold then "fail" else "ok" end),
   since: ([$v.incidents[].startTime | stamp] | min), lastRead: ($current.lastCurrentlyScraped | stamp),
   reason: $v.reason,
   openIncidents: [$v.incidents[] | {title, impact, since: (.startTime | stamp), link: .deepLink, components}],
   components: (if $narrowed and $v.known then [$chosen[] | {name, status}] else [] end)}
JQ

verdicts="[]"
for query in "${vendors[@]}"; do
  # page runs in a subshell: its failure's JSON (--json) comes back in $found.
  if ! found="$(page "$query")"; then
    [[ -n "$found" ]] && printf '%s\n' "$found"
    exit 2
  fi
  if [[ -z "$found" ]]; then
    verdict="$(jq -cn --arg q "$query" '{query: $q, name: "", url: "", status: "not found", verdict: "unknown",
      since: null, lastRead: null, reason: "statusphere has no status page matching '\''\($q)'\''",
      openIncidents: [], components: []}')"
  else
    code="$(get /api/v1/currentStatus statusPageUrl "$(jq -r .url <<<"$found")")"
    [[ "$code" == 200 ]] || unreachable "HTTP $code" "the status of '$query'"
    verdict="$(jq -c --arg query "$query" --argjson page "$found" --argjson names "$names" \
      --argjson threshold "$threshold" ". as \$current | $judge" "$body")" || fail "cannot read the answer for '$query'"
  fi
  verdicts="$(jq -c --argjson v "$verdict" '. + [$v]' <<<"$verdicts")"
done

# A component asked for that no vendor has is a typo, not a fine component (vendors not
# known list none: their exit code is 2 anyway).
missing="$(jq -r --argjson names "$names" 'if all(.[]; .verdict != "unknown")
  then [$names[] as $n | select([.[].components[].name | ascii_downcase] | index($n) | not) | $n][0] // empty
  else empty end' <<<"$verdicts")"
[[ -z "$missing" ]] || fail "no vendor checked has a component named '$missing'"

exit_code="$(jq -r 'if any(.[]; .verdict == "fail") then 1 elif any(.[]; .verdict == "unknown") then 2 else 0 end' <<<"$verdicts")"
document="$(jq --argjson code "$exit_code" --arg on "$fail_on" '{exitCode: $code, failOn: $on, vendors: .}' <<<"$verdicts")"
[[ -z "$report" ]] || printf '%s\n' "$document" >"$report"
if $as_json; then
  printf '%s\n' "$document"
else
  # The CLI's line: mark, vendor, status, since when, the components asked for, the open incidents.
  jq -r 'def when: .[0:10] + " " + .[11:16] + " UTC";
    .vendors[] | ({ok: "ok", fail: "FAIL", unknown: "UNKNOWN"}[.verdict]) + " "
    + (if .name == "" then .query else .name end) + (if .url == "" then "" else " (" + .url + ")" end)
    + ": " + .status + (if .since then " since " + (.since | when) else "" end)
    + (if (.components | length) > 0 then " [" + ([.components[] | .name + ": " + .status] | join(", ")) + "]" else "" end)
    + (if (.openIncidents | length) > 0 then "; \(.openIncidents | length) open: "
       + ([.openIncidents[] | .impact + " \"" + .title + "\" since " + (.since | when)] | join("; ")) else "" end)
    + (if .reason != "" then " (" + .reason + ")" else "" end)' <<<"$document"
fi
exit "$exit_code"
