#!/usr/bin/env bash
# Sets up and runs every test, then prints "N passed, N failed[, N skipped]" counted from
# the test results (individual test cases) and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
repo="$(pwd)"

bash scripts/setup.sh || exit 1
source scripts/bazel_env.sh

# Tests that read the real captures beside the repo find them here; without ../shared
# they skip with a message.
if [ -d "$repo/../shared/fixtures" ]; then
  STATUSPHERE_SHARED_DIR="$(cd "$repo/../shared" && pwd)"
  export STATUSPHERE_SHARED_DIR
fi

# A throwaway PostgreSQL cluster for the Store conformance suite on PostgreSQL.
if eval "$(scripts/pg_throwaway.sh start)"; then
  trap 'scripts/pg_throwaway.sh stop "$STATUSPHERE_PG_DIR"' EXIT
else
  echo "test.sh: PostgreSQL did not start: its tests will fail" >&2
  export STATUSPHERE_PG_URL="postgresql://postgres@127.0.0.1:1/unavailable"
fi

log="$(mktemp)"
bazel test "${BAZEL_FLAGS[@]}" --test_summary=short "$@" //... 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Count test cases from each test target's JUnit XML (gtest writes one per target).
testlogs="$(bazel info "${BAZEL_FLAGS[@]}" bazel-testlogs 2>/dev/null)"
passed=0; failed=0; skipped=0; broken_targets=0
while read -r target result; do
  path="${target#//}"; path="${path/://}"
  xml="$testlogs/$path/test.xml"
  if [[ "$result" != PASSED* ]]; then broken_targets=$((broken_targets + 1)); fi
  [ -f "$xml" ] || continue
  # Per test case: skipped (GTEST_SKIP or disabled), failed (one or more <failure>), or passed.
  read -r p f s < <(awk '
    function close_case() { if (open) { if (skip) S++; else if (fail) F++; else P++ } open = 0 }
    /<testcase / { close_case(); open = 1; fail = 0; skip = ($0 ~ /result="(skipped|suppressed)"/) }
    /<failure|<error/ { if (open) fail = 1 }
    END { close_case(); print P + 0, F + 0, S + 0 }' "$xml")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done < <(grep -E '^//[^ ]+ +(\(cached\) )?(PASSED|FAILED|TIMEOUT|NO STATUS|FLAKY)' "$log" \
           | sed -E 's/^(\/\/[^ ]+) +(\(cached\) )?([A-Z ]+[A-Z]).*/\1 \3/')
# A target that failed without reporting a failing case (crash, timeout, build error)
# still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=$((broken_targets > 0 ? broken_targets : 1)); fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
