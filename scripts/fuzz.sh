#!/usr/bin/env bash
# Builds the libFuzzer targets (each provider's providers/<p>:<p>_fuzz, and fuzz/'s targets of
# the detection cascade and the shared helpers) with clang, ASan and UBSan, and runs each for
# SECONDS_PER_TARGET (default 300; CI passes a short bound) on a copy of its corpus: the
# providers' testdata, the target's seed and regression folders (providers/<p>/fuzz_seeds and
# fuzz_regressions; fuzz/seeds/<target> and fuzz/regressions/<target>) and, when present, the
# captures in ../shared/fixtures (read, never copied into the repository).
# A crash, hang or sanitizer report copies the input into the target's regression folder (so
# that `bazel test` replays it from then on) and makes the script exit non-zero.
# STATUSPHERE_FUZZ_JOBS=N runs N targets at a time (default 1).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
repo="$(pwd)"
seconds="${1:-300}"
jobs="${STATUSPHERE_FUZZ_JOBS:-1}"
max_len=65536  # larger captures are replayed whole by the regression tests instead

bash scripts/setup.sh || exit 1
source scripts/bazel_env.sh
# Its own output base: switching the compiler in the main one would discard its analysis
# cache. One per clone (like Bazel's own), so that clones never wait on each other's server.
clone_id="$(printf '%s' "$repo" | md5sum | cut -c1-32)"
FUZZ_OUTPUT_BASE="${STATUSPHERE_FUZZ_OUTPUT_BASE:-${XDG_CACHE_HOME:-$HOME/.cache}/statusphere/fuzz-output-base-$clone_id}"
bazel_fuzz() { bazel --output_base="$FUZZ_OUTPUT_BASE" "$@"; }

start=$(date +%s)
# --config=fuzz builds only targets tagged fuzz_target.
bazel_fuzz build "${BAZEL_FLAGS[@]}" --config=fuzz //fuzz/... //providers/... || { echo "fuzz: build failed" >&2; exit 1; }
bin="$(bazel_fuzz info "${BAZEL_FLAGS[@]}" --config=fuzz bazel-bin)"
built=$(date +%s)
echo "fuzz: built in $((built - start))s (binaries in $bin); running each target for ${seconds}s"

symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer" UBSAN_SYMBOLIZER_PATH="$symbolizer"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shared=""
[ -d "$repo/../shared/fixtures" ] && shared="$repo/../shared/fixtures"

# Each seed under its content hash, as libFuzzer names corpus files: duplicates collapse.
add_seeds() {
  local corpus="$1"; shift
  find "$@" -type f -size -$((max_len + 1))c 2>/dev/null | while read -r f; do
    cp "$f" "$corpus/$(sha1sum < "$f" | cut -c1-40)"
  done
}

# A target is a package and a name: fuzz/<name>, or providers/<p>/<p>_fuzz with its inputs
# in its own folder (statusphere_provider(), providers/provider.bzl).
run_target() {
  local package="${1%/*}" target="${1##*/}" dir="$work/${1##*/}"
  local seeds="$package/seeds/$target" regressions="$package/regressions/$target"
  if [ "$package" != fuzz ]; then seeds="$package/fuzz_seeds" regressions="$package/fuzz_regressions"; fi
  mkdir -p "$dir/corpus"
  add_seeds "$dir/corpus" providers/*/testdata "$seeds" "$regressions" ${shared:+"$shared"}
  "$bin/$package/$target" "$dir/corpus" -dict=fuzz/fuzz.dict -max_total_time="$seconds" -max_len="$max_len" \
      -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$dir/" >"$dir/log" 2>&1
  local status=$?
  local artifacts=("$dir"/crash-* "$dir"/timeout-* "$dir"/oom-* "$dir"/leak-*)
  if [ "$status" -ne 0 ]; then
    mkdir -p "$regressions"
    for a in "${artifacts[@]}"; do [ -f "$a" ] && cp "$a" "$regressions/"; done
    { echo "fuzz: $target FAILED (exit $status); input kept in $regressions/"; tail -n 40 "$dir/log"; } >&2
    return 1
  fi
  echo "fuzz: $target ok: $(grep -a 'DONE' "$dir/log" | tail -n 1 | sed -E 's/^#([0-9]+).*cov: ([0-9]+).*/\1 runs, coverage \2/')"
}

targets=()
for src in fuzz/*_fuzz.cc; do targets+=("fuzz/$(basename "$src" .cc)"); done
for provider in $(sed -nE 's/^ *"([a-z0-9_]+)",.*/\1/p' providers/providers.bzl); do
  targets+=("providers/$provider/${provider}_fuzz")
done
failed=0
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=$((failed + 1))
    running=$((running - 1))
  fi
  run_target "$target" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=$((failed + 1))
  running=$((running - 1))
done

# CI leaves no server behind; developers keep theirs warm for the next run.
[ -n "${CI:-}" ] && bazel_fuzz shutdown >/dev/null 2>&1
echo "fuzz: build $((built - start))s, run $(($(date +%s) - built))s"
echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
