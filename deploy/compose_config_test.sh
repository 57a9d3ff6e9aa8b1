#!/usr/bin/env bash
# docker-compose must accept docker-compose.yml (validated offline; no engine needed).
set -euo pipefail
cd "${TEST_SRCDIR:-.}/${TEST_WORKSPACE:-statusphere}"
if ! command -v docker-compose >/dev/null; then
  echo "docker-compose is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi
docker-compose -f docker-compose.yml config -q
# And a broken file must be refused, or this test proves nothing.
broken="$(mktemp -d)"
sed 's/^services:/servicez:/' docker-compose.yml > "$broken/docker-compose.yml"
cp -r deploy "$broken/"
if docker-compose -f "$broken/docker-compose.yml" config -q 2>/dev/null; then
  echo "docker-compose accepted a broken file" >&2
  exit 1
fi
echo "docker-compose.yml is valid"
