#!/usr/bin/env bash
# statusphere-parse: JSON on success (exit 0), a clear error on failure (exit 1).
set -uo pipefail
cd "${TEST_SRCDIR}/${TEST_WORKSPACE}" || exit 1
parse=tools/parse/statusphere-parse
sp=providers/atlassian_statuspage/testdata
fail() { echo "FAIL: $*"; exit 1; }

out=$($parse --provider=atlassian-statuspage --url=https://status.example.com \
  $sp/summary.json $sp/incidents.json $sp/scheduled-maintenances.json) || fail "exit $? on good input"
grep -q '"provider": "atlassian-statuspage"' <<<"$out" || fail "no provider in: $out"
grep -q '"id": "open1"' <<<"$out" || fail "incident open1 missing"
grep -q '"deepLink": "https://stspg.io/abc"' <<<"$out" || fail "deep link missing"

out=$($parse providers/feed/testdata/generic.rss) || fail "auto-detect of a feed failed"
grep -q '"provider": "rss"' <<<"$out" || fail "feed not detected as rss: $out"

# Files are told apart by name, whatever their order.
out=$($parse --provider=atlassian-statuspage \
  $sp/scheduled-maintenances.json $sp/incidents.json $sp/summary.json) || fail "exit $? on files out of order"
grep -q '"id": "open1"' <<<"$out" && grep -q '"id": "mnt1"' <<<"$out" || fail "files out of order misread: $out"

# One saved document parses to what it holds: a summary alone, found by its content.
out=$($parse $sp/summary.json) || fail "exit $? on a summary alone"
grep -q '"provider": "atlassian-statuspage"' <<<"$out" || fail "summary not detected: $out"
grep -q '"id": "open1"' <<<"$out" || fail "the summary's open incident is missing: $out"
grep -q '"name": "API"' <<<"$out" || fail "the summary's components are missing: $out"
# A status.io home page alone: its platform, nothing more yet.
out=$($parse providers/status_io/testdata/home.html) || fail "exit $? on a status.io home page alone"
grep -q '"provider": "status-io"' <<<"$out" || fail "home page not detected as status-io: $out"

# Home pages alone, recognised by their markers or flight data, parse to what they show.
out=$($parse $sp/home-outage.html) || fail "exit $? on a Statuspage home page alone"
grep -q '"provider": "atlassian-statuspage"' <<<"$out" || fail "home page not detected as Statuspage: $out"
grep -q '"id": "k3t9zq1m4xyb"' <<<"$out" || fail "the home page's open incident is missing: $out"
out=$($parse providers/incident_io/testdata/home.html) || fail "exit $? on an incident.io home page alone"
grep -q '"provider": "incident-io"' <<<"$out" || fail "home page not detected as incident.io: $out"
grep -q '"id": "01HZ000000000000000000INC1"' <<<"$out" || fail "the flight data's incident is missing: $out"
out=$($parse providers/instatus/testdata/home.html) || fail "exit $? on an Instatus home page alone"
grep -q '"provider": "instatus"' <<<"$out" || fail "home page not detected as Instatus: $out"
grep -q '"id": "clinc000000000000000000001"' <<<"$out" || fail "the flight data's incident is missing: $out"

err=$($parse --provider=atlassian-statuspage providers/feed/testdata/generic.rss 2>&1 >/dev/null) && fail "a feed accepted as a summary"
grep -q "generic.rss" <<<"$err" || fail "error does not name the file: $err"
grep -q "atlassian-statuspage reads, by file name or content: summary (.*/api/v2/summary.json), incidents (.*/api/v2/incidents.json)" <<<"$err" ||
  fail "no list of the documents it reads: $err"
# Auto-detection that recognises the file but cannot parse the set says so, and why.
echo garbage > "$TEST_TMPDIR/garbage"
err=$($parse $sp/summary.json "$TEST_TMPDIR/garbage" 2>&1 >/dev/null) && fail "a summary and garbage accepted"
grep -q "recognised as atlassian-statuspage: .*garbage" <<<"$err" || fail "unclear error: $err"
err=$($parse --provider=nope $sp/summary.json 2>&1 >/dev/null) && fail "unknown provider accepted"
grep -q "unknown provider 'nope'" <<<"$err" || fail "unclear error: $err"
$parse "$TEST_TMPDIR/garbage" >/dev/null 2>&1 && fail "garbage accepted"
$parse >/dev/null 2>&1; [ $? -eq 2 ] || fail "no usage exit code"
echo "PASS"
