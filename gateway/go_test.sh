#!/usr/bin/env bash
# The gateway's Go checks as one test (//gateway:go_test, run by scripts/test.sh): the
# protos generated into a temporary GOPATH as build.sh does, then `gofmt -l` (must print
# nothing), `go vet ./...` and `go test ./...`, offline with Debian's Go. Each Go test is
# one <testcase> of the JUnit XML written to $XML_OUTPUT_FILE (gofmt and vet are two more).
#
# By hand, from the workspace root: gateway/go_test.sh [go test flags, e.g. -run Cache -v]
set -uo pipefail
source "$(dirname "$0")/gopath.sh"
gopath_tools_present || exit 1
gateway_dir="$(dirname "$0")"
proto_dir="$gateway_dir/../proto/statusphere/v1"

work="$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/statusphere-gateway-test.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
# Bazel's runfiles are symlinks: -L finds the files they point to.
# README.md too: a test checks that it documents the cached routes.
mapfile -t files < <(find -L "$gateway_dir" -type f \( -name '*.go' -o -path "$gateway_dir/web/*" -o -path "$gateway_dir/README.md" \))
make_gopath "$work" "$proto_dir"/*.proto "${files[@]}" || exit 1
tree="$work/src/statusphere/gateway"
cd "$tree" || exit 1

# gofmt on the gateway's own code only (the generated protos are outside the tree).
gofmt -l . >"$work/gofmt.out" 2>&1
gofmt_status=$?
go_env "$work" go vet ./... >"$work/vet.out" 2>&1
vet_status=$?
go_env "$work" go test -json "$@" ./... >"$work/test.json" 2>"$work/test.err"
test_status=$?

go_env "$work" go run ./tools/junit \
  -check "gofmt=$gofmt_status:$work/gofmt.out" -check "go vet=$vet_status:$work/vet.out" \
  <"$work/test.json" >"$work/junit.xml" || exit 1
[[ -n "${XML_OUTPUT_FILE:-}" ]] && cp "$work/junit.xml" "$XML_OUTPUT_FILE"

# For people: what failed, and the counts.
[[ -s "$work/gofmt.out" ]] && { echo "gofmt -l: these files are not formatted:"; cat "$work/gofmt.out"; }
[[ $vet_status -ne 0 ]] && { echo "go vet ./...:"; cat "$work/vet.out"; }
[[ -s "$work/test.err" ]] && cat "$work/test.err"
go_env "$work" go run ./tools/junit -text <"$work/test.json"
echo "$(grep -c '<testcase ' "$work/junit.xml") test cases"
grep '<failure' "$work/junit.xml" | sed -E 's/^<testcase name="([^"]*)" classname="([^"]*)".*/FAILED: \2 \1/'

[[ ! -s "$work/gofmt.out" && $gofmt_status -eq 0 && $vet_status -eq 0 && $test_status -eq 0 ]]
