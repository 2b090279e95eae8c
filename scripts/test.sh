#!/usr/bin/env bash
# Builds Lectern and runs every test: the whole suite in a Debug build, then again under
# AddressSanitizer + UndefinedBehaviorSanitizer, the threaded parts under ThreadSanitizer, then
# fuzzes the parsers with libFuzzer for 60 s each; then builds both Debian packages (amd64, and
# arm64 for the Raspberry Pi), runs the whole suite cross-built for arm64 under qemu-aarch64, and
# installs the amd64 package into a clean Debian root to check it there. Prints each stage's time.
# From a fresh Debian 12: this installs what it needs first (scripts/deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

JOBS=$(nproc)
# Wall time of each stage, listed at the end: the whole script has to fit CI's time comfortably.
timings=()
timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  timings+=("$(printf '%-26s %5d s' "$name" $((SECONDS - start)))")
}
run_preset() {
  local preset=$1; shift
  echo "=== ${preset}: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$JOBS"
  echo "=== ${preset}: test"
  ctest --preset "$preset" -j "$JOBS" "$@"
}

timed debug run_preset debug
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  timed asan run_preset asan
TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp:halt_on_error=1" timed tsan run_preset tsan -L threads
# libFuzzer (clang) on every parser, LECTERN_FUZZ_SECONDS each (default 60): scripts/fuzz.sh.
timed fuzz scripts/fuzz.sh "${LECTERN_FUZZ_SECONDS:-60}"
# Both .debs; the arm64 one is built in the rpi-arm64 preset's folder, where the whole suite is
# then cross-built and run under qemu-aarch64, so the binary packaged is the binary tested.
timed "packages amd64+arm64" scripts/package.sh amd64 arm64
timed "rpi-arm64 (qemu)" run_preset rpi-arm64
# The amd64 .deb installed into a clean Debian 12 root (chroot: needs root).
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
timed "package install check" $SUDO scripts/check-package.sh

echo "=== stage times"
printf '  %s\n' "${timings[@]}"
