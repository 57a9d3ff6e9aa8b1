#!/usr/bin/env bash
# The checks a newcomer's change must pass before review, run by CI (.ci/run) after the tests:
#   - shell: shellcheck (warnings and errors) over every tracked script;
#   - C++ layout: clang-format (.clang-format) over every tracked .cc/.h, with --cpp (CI passes
#     it); `scripts/lint.sh --fix` rewrites the files.
# Go is gofmt'd and vetted by //gateway:go_test, which the tests run.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
fix=false
cpp=false
for arg in "$@"; do
  case "$arg" in
    --fix) fix=true; cpp=true ;;
    --cpp) cpp=true ;;
    *) echo "usage: scripts/lint.sh [--cpp] [--fix]" >&2; exit 2 ;;
  esac
done
status=0

mapfile -t sources < <(git ls-files '*.cc' '*.h')
if ! $cpp; then
  :
elif $fix; then
  clang-format -i "${sources[@]}"
else
  # One line per file that is not laid out as clang-format would, then the diff of the first.
  mapfile -t unformatted < <(for f in "${sources[@]}"; do
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"
  done)
  if [ "${#unformatted[@]}" -gt 0 ]; then
    printf 'lint: not clang-formatted (scripts/lint.sh --fix): %s\n' "${unformatted[@]}" >&2
    diff -u "${unformatted[0]}" <(clang-format "${unformatted[0]}") | head -n 40 >&2
    status=1
  fi
fi

mapfile -t scripts < <(git ls-files '*.sh' .ci/run)
if ! shellcheck --severity=warning "${scripts[@]}"; then
  echo "lint: shellcheck found problems in the scripts above" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  if $cpp; then echo "lint: ${#sources[@]} C++ files formatted, ${#scripts[@]} scripts clean"; else echo "lint: ${#scripts[@]} scripts clean"; fi
fi
exit "$status"
