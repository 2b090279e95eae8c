#!/usr/bin/env bash
# The speech-worker kill test at full length: 1,000 each of SIGKILL, SIGSEGV and SIGSTOP against
# the worker (the test suite runs 1,000 in total), then checks for zombies and for growth in
# descriptors, threads and memory. Takes about 5 minutes, mostly the SIGSTOP hang timeouts.
# Usage: scripts/worker-kills.sh [KILLS_PER_SIGNAL]   (BUILD=dir to use another build tree)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/debug}
if [ ! -f "$BUILD/build.ninja" ]; then cmake --preset debug >/dev/null; fi
cmake --build "$BUILD" --target test_synth_worker
LECTERN_WORKER_KILLS=${1:-1000} "$BUILD/tests/synth/test_synth_worker" \
  --test-case="worker kill loop*"
