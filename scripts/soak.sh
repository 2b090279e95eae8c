#!/usr/bin/env bash
# The long runs of issue 6 at full length, in a Release build, with their figures:
#   1. the input storm (tests/reliability/test_input_storm.cpp): 5 seeds x EVENTS random keys,
#      taps and control-channel lines against the real Session and playback controller on a fake
#      clock, every invariant checked after every event; prints the events survived and events/s;
#   2. the soak (tests/reliability/test_soak.cpp): HOURS of kiosk time on a fake clock, a patient
#      every 10 minutes, the real Driver thread (FakeSynth) on an unpaced null device; prints the
#      heap in use, open descriptors and threads after the first patient and at the end, and fails
#      on growth or on any error event.
# The test suite (scripts/test.sh) runs both scaled down: 5 x 20,000 events and 6 hours.
# About 2 minutes on 2 cores, after the build.
# Usage: scripts/soak.sh [HOURS] [EVENTS_PER_SEED]     (defaults: 72 and 100000)
# LECTERN_SOAK_BUILD=DIR builds in DIR instead of build/release.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

HOURS=${1:-72}
EVENTS=${2:-100000}
BUILD=${LECTERN_SOAK_BUILD:-build/release}
LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT

echo "=== build (Release, $BUILD)"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target test_input_storm test_soak

# Runs one test binary; prints its figures (doctest MESSAGE lines), or the whole log on failure.
run() {
  local name=$1 started=$SECONDS status=0
  shift
  "$@" >"$LOG/$name.log" 2>&1 || status=$?
  sed -n 's/^.*MESSAGE: /  /p' "$LOG/$name.log"
  echo "  ($((SECONDS - started)) s)"
  if [ "$status" -ne 0 ]; then
    cat "$LOG/$name.log"
    echo "=== $name FAILED"
    exit "$status"
  fi
}

echo "=== input storm: 5 seeds x $EVENTS events"
LECTERN_STORM_EVENTS=$EVENTS run storm "$BUILD/tests/reliability/test_input_storm"
echo "=== soak: $HOURS hours of kiosk time, a patient every 10 minutes"
LECTERN_SOAK_HOURS=$HOURS run soak "$BUILD/tests/reliability/test_soak"
echo "=== both passed"
