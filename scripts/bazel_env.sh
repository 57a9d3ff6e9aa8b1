# shellcheck shell=bash
# Sourced by the scripts: Bazel flags shared by run, test and CI.
# The disk cache lives outside the clone so that fresh clones and CI runs reuse earlier builds.
BAZEL_CACHE_DIR="${STATUSPHERE_BAZEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/statusphere/bazel-disk-cache}"
mkdir -p "$BAZEL_CACHE_DIR"
# shellcheck disable=SC2034  # read by the scripts that source this file
BAZEL_FLAGS=(--disk_cache="$BAZEL_CACHE_DIR")
