#!/usr/bin/env bash
# Builds Release and prints Lectern's benchmark figures, all measured in this one run:
#   1. time to first audio after play / next / prev / next-sentence / repeat, and pause to silence,
#      on a paced simulated device (256-frame buffer, 11.6 ms), p50/p95 over 60 presses each;
#   3. the article library: content::load_catalog over 10,000 generated handouts;
#   2. `lectern render` of the bundled article against `espeak-ng -f ... -w ...` on the same text at
#      the same rate: wall time of each over several alternating runs, and the ratio of medians.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target lectern bench_latency bench_catalog >/dev/null
BIN=build/release/src/app/lectern
ARTICLE=content/what-to-expect-during-ketamine-treatment.txt
RUNS=${RUNS:-7}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
echo
echo "== time to first audio and pause latency (paced null device)"
build/release/bench/bench_latency --sink null --tries "${TRIES:-60}"
echo
RATE=$(sed -n 's/^rate *= *\([0-9]*\).*/\1/p' voices/en.toml)
VOICE=$(sed -n 's/^espeak_voice *= *"\(.*\)".*/\1/p' voices/en.toml)
echo "== render the bundled article at $RATE wpm, voice $VOICE ($RUNS alternating runs each)"
now() { date +%s.%N; }
lectern_times=() espeak_times=()
for i in $(seq "$RUNS"); do
  t0=$(now); "$BIN" render "$ARTICLE" -o "$OUT/lectern.wav" >/dev/null; t1=$(now)
  espeak-ng -v "$VOICE" -s "$RATE" -f "$ARTICLE" -w "$OUT/espeak.wav"; t2=$(now)
  lectern_times+=("$(echo "$t1 - $t0" | bc -l)")
  espeak_times+=("$(echo "$t2 - $t1" | bc -l)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ml=$(median "${lectern_times[@]}"); me=$(median "${espeak_times[@]}")
printf "lectern render  median %.3f s  (runs: %s)\n" "$ml" "$(printf '%.3f ' "${lectern_times[@]}")"
printf "espeak-ng -w    median %.3f s  (runs: %s)\n" "$me" "$(printf '%.3f ' "${espeak_times[@]}")"
printf "ratio lectern/espeak-ng: %.3f  (target <= 1.05)\n" "$(echo "$ml / $me" | bc -l)"
printf "audio: lectern %.1f s, espeak-ng %.1f s\n" \
  "$(soxi -D "$OUT/lectern.wav")" "$(soxi -D "$OUT/espeak.wav")"
echo
echo "== article library"
build/release/bench/bench_catalog 10000 5
