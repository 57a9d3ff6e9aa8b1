#!/usr/bin/env bash
# Builds statusphere-gateway from the protos and gateway/*.go with Debian's Go packages
# only, offline, /metrics with Debian's client_golang (run by the genrule in gateway/BUILD.bazel; also usable by hand from the
# workspace root: gateway/build.sh /tmp/statusphere-gateway proto/statusphere/v1/*.proto gateway/*.go).
#
#   build.sh OUTPUT FILE...   FILE: the .proto files (under <root>/statusphere/v1/), the .go files
#                             and the dashboard's files (under gateway/web/, embedded by dashboard.go)
#
# Generated code (*.pb.go, *.pb.gw.go, openapi.json) lives only in a temporary GOPATH:
# it is never written into the source tree.
set -euo pipefail

for tool in /usr/bin/go /usr/bin/protoc /usr/bin/protoc-gen-go /usr/bin/protoc-gen-grpc-gateway \
  /usr/bin/protoc-gen-swagger /usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/runtime \
  /usr/share/gocode/src/github.com/prometheus/client_golang/prometheus/promhttp; do
  [[ -e "$tool" ]] || { echo "build.sh: $tool is missing (run scripts/setup.sh)" >&2; exit 1; }
done

out="$1"
shift
protos=()
gofiles=()
webfiles=()
for f in "$@"; do
  case "$f" in
    */web/*) webfiles+=("$f") ;;
    *.proto) protos+=("$f") ;;
    *_test.go) ;;
    *.go) gofiles+=("$f") ;;
  esac
done
# proto/statusphere/v1/x.proto -> import root proto/
proto_root="${protos[0]%/statusphere/v1/*}"
googleapis=/usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis

work="$(mktemp -d "${TMPDIR:-/tmp}/statusphere-gateway.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/src/statusphere/gateway"

# The M options map well-known types to golang/protobuf 1.3's packages (Debian has no
# timestamppb); Debian's protoc-gen-go 1.3 generates the API-v1 code grpc-gateway 1.6 needs.
wkt=""
for t in any duration empty struct timestamp wrappers; do
  wkt+="Mgoogle/protobuf/$t.proto=github.com/golang/protobuf/ptypes/$t,"
done
protoc=(/usr/bin/protoc -I "$proto_root" -I "$googleapis" -I /usr/include)
"${protoc[@]}" \
  --plugin=protoc-gen-go=/usr/bin/protoc-gen-go \
  --plugin=protoc-gen-grpc-gateway=/usr/bin/protoc-gen-grpc-gateway \
  --go_out="${wkt}plugins=grpc:$work/src" \
  --grpc-gateway_out="logtostderr=true:$work/src" \
  "${protos[@]}"
# Only StatusPageService is public REST; the document covers it and the messages it uses.
"${protoc[@]}" \
  --plugin=protoc-gen-swagger=/usr/bin/protoc-gen-swagger \
  --swagger_out="logtostderr=true,json_names_for_fields=true:$work" \
  "$proto_root/statusphere/v1/status_page_service.proto"

cp "${gofiles[@]}" "$work/src/statusphere/gateway/"
# The dashboard keeps its tree (web/ui/...): go:embed reads it beside the .go files.
for f in "${webfiles[@]}"; do
  dest="$work/src/statusphere/gateway/web/${f#*/web/}"
  mkdir -p "$(dirname "$dest")"
  cp "$f" "$dest"
done
cp "$work/statusphere/v1/status_page_service.swagger.json" "$work/src/statusphere/gateway/openapi.json"

# GOPATH mode on Debian's /usr/share/gocode: no module download, no network. A private
# GOCACHE keeps the action hermetic (a cold build takes ~15 s on 2 cores). -s -w drops the
# symbol tables (13 -> 9 MB); panics still print full stack traces.
(
  cd "$work/src/statusphere/gateway"
  env -i PATH=/usr/bin:/bin HOME="$work" GO111MODULE=off GOPATH="$work:/usr/share/gocode" \
    GOCACHE="$work/cache" GOPROXY=off GOFLAGS= CGO_ENABLED=0 \
    go build -trimpath -ldflags="-s -w" -o "$work/statusphere-gateway" .
)
cp "$work/statusphere-gateway" "$out"
