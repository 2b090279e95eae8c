#!/usr/bin/env bash
# Fuzzes the parsers with libFuzzer: builds the targets in fuzz/ with clang, AddressSanitizer,
# UndefinedBehaviorSanitizer and coverage in build/fuzz, then runs each for SECONDS (default 60)
# from its seed corpus (fuzz/corpus/<target>) and prints the executions per target.
# A crash, leak, timeout or broken invariant fails the run; its input is saved in
# build/fuzz/crashes/<target>/. Fix the cause, then keep the input as
# tests/data/fuzz-regressions/<target>/<what-it-was> (replayed by the normal test suite).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]     (targets: see fuzz/CMakeLists.txt)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(plain_text markdown decode normalize control_channel settings keymap)
fi
BUILD=build/fuzz

echo "=== fuzz: configure and build (clang, address+undefined, libFuzzer)"
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLECTERN_FUZZ=ON -DLECTERN_TESTS=OFF -DLECTERN_SANITIZE=address,undefined \
  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
cmake --build "$BUILD" --target "${TARGETS[@]/#/fuzz_}"

failed=()
for t in "${TARGETS[@]}"; do
  # libFuzzer adds what it finds to the first folder; the seeds in fuzz/corpus stay as they are.
  mkdir -p "$BUILD/corpus/$t" "$BUILD/crashes/$t" "$BUILD/logs"
  log="$BUILD/logs/$t.log"
  status=0
  started=$(date +%s.%N)
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$BUILD/fuzz/fuzz_$t" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$BUILD/crashes/$t/" "$BUILD/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1 ||
    status=$?
  took=$(echo "$(date +%s.%N) - $started" | bc)
  # The final stats on a clean run; the last status line when a crash cut the run short.
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
  corpus=$(find "$BUILD/corpus/$t" -type f | wc -l)
  printf 'fuzz %s: %s executions in %.0f s (%s/s), %s inputs in the corpus\n' "$t" "${runs:-?}" \
    "$took" "$(echo "${runs:-0} / $took" | bc)" "$corpus"
  if [ "$status" -ne 0 ]; then
    echo "fuzz $t: FAILED (status $status); input in $BUILD/crashes/$t/, log $log:"
    grep -E "ERROR|fuzz invariant|SUMMARY|Test unit written" "$log" | head -20 || true
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in ${failed[*]}"
  exit 1
fi
