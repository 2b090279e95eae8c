#!/usr/bin/env bash
# Builds Lectern and runs every test: the whole suite in a Debug build, then again under
# AddressSanitizer + UndefinedBehaviorSanitizer, and the threaded parts under ThreadSanitizer.
# From a fresh Debian 12: this installs what it needs first (scripts/deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

JOBS=$(nproc)
run_preset() {
  local preset=$1; shift
  echo "=== ${preset}: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$JOBS"
  echo "=== ${preset}: test"
  ctest --preset "$preset" -j "$JOBS" "$@"
}

run_preset debug
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_preset asan
TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp:halt_on_error=1" run_preset tsan -L threads
