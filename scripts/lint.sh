#!/usr/bin/env bash
# The checks a newcomer's change must pass before review, run by CI (.ci/run) before the tests:
#   - C++ layout: clang-format (.clang-format) over every tracked .cc/.h; `scripts/lint.sh --fix`
#     rewrites the files instead of failing;
#   - shell: shellcheck (warnings and errors) over every tracked script.
# Go is gofmt'd and vetted by //gateway:go_test, which the tests run.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
fix=false
[ "${1:-}" = "--fix" ] && fix=true
status=0

mapfile -t sources < <(git ls-files '*.cc' '*.h')
if $fix; then
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

[ "$status" -eq 0 ] && echo "lint: ${#sources[@]} C++ files formatted, ${#scripts[@]} scripts clean"
exit "$status"
