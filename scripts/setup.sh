#!/usr/bin/env bash
# Installs every Debian package statusphere needs to build, run and test.
# Idempotent: packages already present are left alone, and apt-get is skipped entirely
# when nothing is missing (so a warm machine pays nothing).
set -euo pipefail

PACKAGES=(
  # Build: Bazel (Debian's offline bootstrap build) and the toolchain it drives.
  bazel-bootstrap g++ pkg-config
  # Contract and RPC: protoc, the gRPC C++ plugin, and the libraries they generate code for.
  protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libgrpc++-dev libabsl-dev
  # google/api/annotations.proto for the google.api.http REST annotations.
  golang-github-gogo-googleapis-dev
  # Storage: SQLite (embedded default) and PostgreSQL through libpqxx; the PostgreSQL server
  # for the integration tests' throwaway clusters.
  libsqlite3-dev libpqxx-dev libpq-dev postgresql
  # Fetching and parsing status pages.
  libcurl4-openssl-dev zlib1g-dev libpugixml-dev nlohmann-json3-dev libgumbo-dev
  # Webhook notifications: HMAC-SHA256 signatures (libcrypto).
  libssl-dev
  # The REST gateway: a grpc-gateway v1 sidecar built in GOPATH mode from Debian's Go packages.
  golang-go golang-goprotobuf-dev golang-github-grpc-ecosystem-grpc-gateway-dev golang-grpc-gateway
  # The gateway's /metrics (Prometheus client_golang).
  golang-github-prometheus-client-golang-dev
  # Tests and tools used by tests.
  libgtest-dev libgmock-dev curl ca-certificates
  # The SMTP server the email notification tests start (run with /usr/bin/python3).
  python3-aiosmtpd
  # Validates docker-compose.yml offline (deploy/compose_config_test.sh).
  docker-compose
  # promtool: checks every /metrics endpoint (tests/metrics_e2e_test.cc) and the alert
  # rules (deploy/prometheus/rules_test.sh).
  prometheus
  # The dashboard's browser test (tests/dashboard): headless Chromium driven by chromedriver.
  chromium chromium-driver
  # scripts/lint.sh (CI): the C++ layout and the shell scripts' checks.
  clang-format shellcheck
  # Fuzzing (scripts/fuzz.sh): clang, its libFuzzer and sanitizer runtimes, and
  # llvm-symbolizer for readable crash stacks.
  clang-14 libclang-rt-14-dev llvm-14
  # The MCP end-to-end test's client (tests/mcp): the MCP TypeScript SDK runs on Node
  # (npm too: see below).
  nodejs
)

# The MCP end-to-end test's npm packages (the pinned MCP TypeScript SDK), from the npm
# registry into a cache outside the clone, once per lockfile; not fatal offline (the test
# tries again, and says why it cannot run).
install_npm_packages() {
  "$(dirname "$0")/../tests/mcp/install_sdk.sh" >/dev/null ||
    echo "setup: the MCP test's npm packages are not installed (no registry?); tests/mcp will try again"
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Debian packages npm apart; NodeSource's nodejs bundles it (and conflicts with Debian's).
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  install_npm_packages
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_npm_packages
