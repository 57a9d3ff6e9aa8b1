#!/usr/bin/env bash
# Runs the MCP conformance suite's scenarios that apply, then client.mjs, with the pinned
# packages from install_sdk.sh's cache, linked as node_modules beside a copy of the script
# (ES modules resolve packages from the script's own directory, not NODE_PATH).
# Exit status 77 when node or npm is absent.
#
#   run_client.sh <gateway base URL> '<seeded JSON>'
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
sdk_dir="$("$here/install_sdk.sh")" || exit $?
work="$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/mcp-client.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$here/client.mjs" "$here/package.json" "$work/"
ln -s "$sdk_dir/node_modules" "$work/node_modules"
cd "$work" || exit 1 # the conformance suite writes its results/ here

# The protocol's conformance suite, offline against the gateway: the scenarios that apply to
# a server with only read-only tools. The others need the suite's reference tools
# (test_simple_text, test_error_handling, ...) or capabilities /mcp does not declare
# (logging, completions, resources, prompts, sampling, elicitation).
conformance="$work/node_modules/@modelcontextprotocol/conformance/dist/index.js"
for scenario in server-initialize tools-list; do
  if node "$conformance" server --url "$1/mcp" --scenario "$scenario" >"$work/conformance.out" 2>&1; then
    echo "ok - conformance suite: $scenario"
  else
    echo "not ok - conformance suite: $scenario"
    cat "$work/conformance.out"
    exit 1
  fi
done

node "$work/client.mjs" "$@"
