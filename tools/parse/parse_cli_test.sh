#!/usr/bin/env bash
# statusphere-parse: JSON on success (exit 0), a clear error on failure (exit 1).
set -uo pipefail
cd "${TEST_SRCDIR}/${TEST_WORKSPACE}"
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

err=$($parse --provider=atlassian-statuspage $sp/summary.json 2>&1 >/dev/null) && fail "one file accepted"
grep -q "expected at least 3 documents, got 1" <<<"$err" || fail "unclear error: $err"
grep -q "atlassian-statuspage reads, in this order: .*/api/v2/summary.json, .*/api/v2/incidents.json" <<<"$err" ||
  fail "no list of the documents it reads: $err"
# Auto-detection that recognises the file but cannot parse it alone says so, and why.
err=$($parse $sp/summary.json 2>&1 >/dev/null) && fail "one summary accepted"
grep -q "recognised as atlassian-statuspage: expected at least 3 documents, got 1" <<<"$err" || fail "unclear error: $err"
err=$($parse --provider=nope $sp/summary.json 2>&1 >/dev/null) && fail "unknown provider accepted"
grep -q "unknown provider 'nope'" <<<"$err" || fail "unclear error: $err"
echo garbage > "$TEST_TMPDIR/garbage"
$parse "$TEST_TMPDIR/garbage" >/dev/null 2>&1 && fail "garbage accepted"
$parse >/dev/null 2>&1; [ $? -eq 2 ] || fail "no usage exit code"
echo "PASS"
