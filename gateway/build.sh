#!/usr/bin/env bash
# Builds statusphere-gateway from the protos and the gateway's packages with Debian's Go
# packages only, offline, /metrics with Debian's client_golang (run by the genrule in
# gateway/BUILD.bazel; also usable by hand from the workspace root:
# gateway/build.sh /tmp/statusphere-gateway proto/statusphere/v1/*.proto $(find gateway -type f ! -name '*_test.go')).
#
#   build.sh OUTPUT FILE...   FILE: the .proto files (under <root>/statusphere/v1/) and the
#                             gateway's files (see gopath.sh; other files there are ignored)
#
# Generated code (*.pb.go, *.pb.gw.go, openapi.json) lives only in a temporary GOPATH:
# it is never written into the source tree.
set -euo pipefail
source "$(dirname "$0")/gopath.sh"
gopath_tools_present

out="$1"
shift
inputs=()
for f in "$@"; do
  case "$f" in
    *_test.go | */BUILD.bazel | */README.md | *.sh) ;;
    *) inputs+=("$f") ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/statusphere-gateway.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
make_gopath "$work" "${inputs[@]}"

# A cold build takes ~15 s on 2 cores. -s -w drops the symbol tables (13 -> 9 MB); panics
# still print full stack traces.
(
  cd "$work/src/statusphere/gateway"
  go_env "$work" go build -trimpath -ldflags="-s -w" -o "$work/statusphere-gateway" .
)
cp "$work/statusphere-gateway" "$out"
