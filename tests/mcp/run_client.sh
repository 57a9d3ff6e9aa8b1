#!/usr/bin/env bash
# Runs client.mjs with the pinned SDK (install_sdk.sh's cache): the SDK's node_modules are
# linked beside a copy of the script, since ES modules resolve packages from the script's
# own directory, not NODE_PATH. Exit status 77 when node or npm is absent.
#
#   run_client.sh <gateway base URL> '<seeded JSON>'
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
sdk_dir="$("$here/install_sdk.sh")" || exit $?
work="$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/mcp-client.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$here/client.mjs" "$here/package.json" "$work/"
ln -s "$sdk_dir/node_modules" "$work/node_modules"
node "$work/client.mjs" "$@"
