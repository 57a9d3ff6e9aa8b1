# shellcheck shell=bash
# Sourced by build.sh and go_test.sh: make_gopath WORK FILE... lays out a GOPATH in WORK
# with the code generated from the protos (statusphere/v1) and the gateway's tree
# (statusphere/gateway/...), offline, with Debian's protoc plugins only.
#
#   FILE: the .proto files (under <root>/statusphere/v1/) and the gateway's files (under the
#   folder that holds this script: .go files, the dashboard's web/ files), which keep their
#   paths below it, so that packages are folders and go:embed finds the files beside them.
#
# Generated code (*.pb.go, *.pb.gw.go, openapi.json) lives only in WORK: it is never written
# into the source tree.

gopath_tools_present() {
  local tool
  for tool in /usr/bin/go /usr/bin/gofmt /usr/bin/protoc /usr/bin/protoc-gen-go /usr/bin/protoc-gen-grpc-gateway \
    /usr/bin/protoc-gen-swagger /usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/runtime \
    /usr/share/gocode/src/github.com/prometheus/client_golang/prometheus/promhttp; do
    [[ -e "$tool" ]] || { echo "$0: $tool is missing (run scripts/setup.sh)" >&2; return 1; }
  done
}

make_gopath() {
  local work="$1" gateway_dir
  shift
  gateway_dir="$(dirname "${BASH_SOURCE[0]}")"
  local protos=() files=() f
  for f in "$@"; do
    case "$f" in
      *.proto) protos+=("$f") ;;
      "$gateway_dir"/*) files+=("${f#"$gateway_dir"/}") ;;
      *) echo "$0: $f is neither a .proto nor under $gateway_dir/" >&2; return 1 ;;
    esac
  done
  # proto/statusphere/v1/x.proto -> import root proto/
  local proto_root="${protos[0]%/statusphere/v1/*}"
  local googleapis=/usr/share/gocode/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis
  local tree="$work/src/statusphere/gateway"
  mkdir -p "$tree"

  # The M options map well-known types to golang/protobuf 1.3's packages (Debian has no
  # timestamppb); Debian's protoc-gen-go 1.3 generates the API-v1 code grpc-gateway 1.6 needs.
  local wkt="" t
  for t in any duration empty struct timestamp wrappers; do
    wkt+="Mgoogle/protobuf/$t.proto=github.com/golang/protobuf/ptypes/$t,"
  done
  local protoc=(/usr/bin/protoc -I "$proto_root" -I "$googleapis" -I /usr/include)
  "${protoc[@]}" \
    --plugin=protoc-gen-go=/usr/bin/protoc-gen-go \
    --plugin=protoc-gen-grpc-gateway=/usr/bin/protoc-gen-grpc-gateway \
    --go_out="${wkt}plugins=grpc:$work/src" \
    --grpc-gateway_out="logtostderr=true:$work/src" \
    "${protos[@]}" || return 1
  # Only StatusPageService is public REST; the document covers it and the messages it uses.
  "${protoc[@]}" \
    --plugin=protoc-gen-swagger=/usr/bin/protoc-gen-swagger \
    --swagger_out="logtostderr=true,json_names_for_fields=true:$work" \
    "$proto_root/statusphere/v1/status_page_service.proto" || return 1

  for f in "${files[@]}"; do
    mkdir -p "$tree/$(dirname "$f")"
    cp "$gateway_dir/$f" "$tree/$f" || return 1
  done
  # api/openapi.go embeds the document beside itself.
  cp "$work/statusphere/v1/status_page_service.swagger.json" "$tree/api/openapi.json"
}

# go_env runs a go command in GOPATH mode on Debian's /usr/share/gocode: no module download,
# no network. A private GOCACHE keeps the action hermetic.
go_env() {
  local work="$1"
  shift
  env -i PATH=/usr/bin:/bin HOME="$work" GO111MODULE=off GOPATH="$work:/usr/share/gocode" \
    GOCACHE="$work/cache" GOPROXY=off GOFLAGS= CGO_ENABLED=0 "$@"
}
