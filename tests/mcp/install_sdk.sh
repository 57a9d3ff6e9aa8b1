#!/usr/bin/env bash
# Installs the MCP end-to-end test's client packages (package.json / package-lock.json
# beside this script: the official MCP TypeScript SDK and the protocol's conformance suite,
# pinned) from the npm registry into a
# cache OUTSIDE the clone, once per lockfile, and prints the directory holding node_modules.
# Run by scripts/setup.sh (to warm the cache) and by tests/mcp/run_client.sh.
#
#   STATUSPHERE_NPM_CACHE   the cache (default ${XDG_CACHE_HOME:-~/.cache}/statusphere/npm)
#
# Exit status 77: node or npm is not installed (the test skips, saying so).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "install_sdk.sh: $tool is not installed (apt-get install nodejs npm)" >&2; exit 77; }
done
home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
cache="${STATUSPHERE_NPM_CACHE:-${XDG_CACHE_HOME:-$home/.cache}/statusphere/npm}"
# One directory per lockfile: a changed pin installs beside the old one, never over it.
lock_hash="$(sha256sum "$here/package-lock.json" | cut -c1-16)"
dir="$cache/mcp-e2e-$lock_hash"
if [[ -f "$dir/.installed" ]]; then
  echo "$dir"
  exit 0
fi
mkdir -p "$cache"
# Concurrent tests (or setup and a test) install once: the second waits for the first.
exec 9>"$cache/.mcp-e2e.lock"
flock 9
if [[ ! -f "$dir/.installed" ]]; then
  rm -rf "$dir.partial"
  mkdir -p "$dir.partial"
  cp "$here/package.json" "$here/package-lock.json" "$dir.partial/"
  # npm ci installs exactly the lockfile; --cache keeps the tarballs for the next clean install.
  (cd "$dir.partial" && npm ci --no-audit --no-fund --ignore-scripts --cache "$cache/_cacache" --prefer-offline) >&2
  touch "$dir.partial/.installed"
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
fi
echo "$dir"
