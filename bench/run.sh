#!/usr/bin/env bash
# Builds Release and prints one table of Lectern's figures, all measured in this one run on this
# machine, each beside its target and its anchor (see bench/README.md for what each one means):
#   - time to first audio after each command, and pause to silence (bench_latency: the real engine
#     through PortAudio on a paced device: a PulseAudio null sink reached through ALSA's pulse
#     plugin, DESIGN.md §5);
#   - the whole kiosk, measured from outside (bench_kiosk: the real binary, SDL's dummy video driver
#     or Xvfb, the paced device): key to screen, start-up, CPU idle and reading, peak memory,
#     underruns over the bundled article with the other core saturated by a busy loop;
#   - `lectern render` against `espeak-ng -w` with the voice profile's voice, rate and pitch (CPU
#     time, and instructions under callgrind);
#   - instructions per second of speech of the whole kiosk (kiosk + speech worker under callgrind,
#     the first CG_SECTIONS sections on the null sink) against `espeak-ng` on the same text;
#   - the article library at 10,000 articles (bench_catalog);
#   - the device alone (bench_device): what an open, idle stream costs, how regular its callbacks are.
# Every process started here (PulseAudio, parec, the busy loop, Xvfb via xvfb-run) is stopped on
# exit, failure included.
#
# Environment: BUILD_DIR (default build/release), BENCH_QUICK=1 (the first 2 sections of the
# article instead of all of it, shorter CPU windows: about 5 minutes instead of 10 after the build),
# TRIES (presses per command, default 50), RUNS (render runs, default 11), BENCH_DISPLAY=xvfb (a
# real X server instead of the dummy driver), BENCH_SKIP_DEPS=1, JOBS (build parallelism),
# BENCH_LOG (the detailed output; default $BUILD_DIR/bench.log), CG_SECTIONS (sections the kiosk
# reads under callgrind, default 2: about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build/release}
QUICK=${BENCH_QUICK:-0}
TRIES=${TRIES:-50}
RUNS=${RUNS:-11}
CG_SECTIONS=${CG_SECTIONS:-2}
if [ "$QUICK" = 1 ]; then SECTIONS=2 WINDOW_S=15 START_RUNS=5; else SECTIONS=0 WINDOW_S=30 START_RUNS=9; fi
ARTICLE=content/what-to-expect-during-ketamine-treatment.txt
T_BEGIN=$(date +%s)

[ "${BENCH_SKIP_DEPS:-0}" = 1 ] || scripts/deps.sh bench
if [ "$BUILD_DIR" = build/release ]; then
  cmake --preset release >/dev/null
else
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$BUILD_DIR" -j "${JOBS:-$(nproc)}" \
  --target lectern bench_latency bench_catalog bench_kiosk bench_device >/dev/null
BIN=$PWD/$BUILD_DIR/src/app/lectern
B=$PWD/$BUILD_DIR/bench
LOG=${BENCH_LOG:-$PWD/$BUILD_DIR/bench.log}
: >"$LOG"

WORK=$(mktemp -d /tmp/lectern-bench.XXXXXX)
STARTED=() # pids of everything started here, stopped by pid on exit
cleanup() {
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${STARTED[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
note() { echo "== $*" | tee -a "$LOG" >&2; }
declare -A F # figure name -> value
collect() { # runs a command, logs its output, keeps its "name value" lines (as $PREFIX$name)
  local out
  out=$("$@" 2>>"$LOG")
  echo "$out" >>"$LOG"
  while read -r k v; do [ -n "$k" ] && F[${PREFIX:-}$k]=$v; done < <(echo "$out" | grep -E '^[a-z0-9_]+ [-0-9.]+$' || true)
}

# ---- the paced device: PulseAudio's null sink, private to this run ----
note "starting PulseAudio (null sink, 22050 Hz mono) in $WORK/pulse"
mkdir -m 700 "$WORK/pulse"
export PULSE_SERVER=unix:$WORK/pulse/native
XDG_RUNTIME_DIR=$WORK/pulse HOME=$WORK/pulse pulseaudio -n --daemonize=no --exit-idle-time=-1 \
  --realtime=no --high-priority=no --log-target="file:$WORK/pulse.log" --log-level=debug \
  -L "module-native-protocol-unix auth-anonymous=1 socket=$WORK/pulse/native" \
  -L "module-null-sink sink_name=lectern_bench rate=22050 channels=1" >/dev/null 2>&1 &
STARTED+=($!)
for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
pactl info >/dev/null
# Something must listen to the sink's monitor at low latency from the start: an idle null sink
# renders in 2-second blocks and only notices a new stream at the end of the current one (the
# first callbacks of a stream opened meanwhile stall for up to 2 s). A hardware device has no such
# start-up stall. Then wait out the block that was running when the listener arrived.
parec -d lectern_bench.monitor --latency-msec=5 --raw >/dev/null 2>&1 &
STARTED+=($!)
sleep 2.5
# The project's own ALSA configuration (DESIGN.md §5): ALSA's defaults and one device, the null
# sink. Without the hook in alsa.conf that loads /etc/alsa/conf.d (and the user's files): there
# libasound2-plugins, needed here for the pulse plugin but not by the kiosk, defines a52, jack,
# speex, upmix, ... devices, and PortAudio's enumeration in Pa_Initialize opens every one of them,
# which maps libavcodec and its codecs into the kiosk (12-16 MB; measured below as "system ALSA").
{
  sed '/^@hooks \[/,/^\]/d' /usr/share/alsa/alsa.conf
  echo "pcm.!default { type pulse server \"$PULSE_SERVER\" }"
  echo "ctl.!default { type pulse server \"$PULSE_SERVER\" }"
} >"$WORK/asound.conf"
{
  echo "</usr/share/alsa/alsa.conf>"
  echo "pcm.!default { type pulse server \"$PULSE_SERVER\" }"
  echo "ctl.!default { type pulse server \"$PULSE_SERVER\" }"
} >"$WORK/asound-system.conf"
export ALSA_CONFIG_PATH=$WORK/asound.conf
export SDL_VIDEODRIVER=dummy
DISPLAY_WRAP=()
if [ "${BENCH_DISPLAY:-dummy}" = xvfb ]; then
  SDL_VIDEODRIVER=x11
  DISPLAY_WRAP=(xvfb-run -a -s "-screen 0 800x480x24")
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 1. time to first audio, pause to silence ----
note "time to first audio and pause to silence: $TRIES presses per command on the PulseAudio null sink"
"$B/bench_latency" --sink portaudio --tries "$TRIES" >"$WORK/latency.txt" 2>>"$LOG"
cat "$WORK/latency.txt" >>"$LOG"
BUF_MS=$(sed -n 's/.*buffer [0-9]* frames = \([0-9.]*\) ms.*/\1/p' "$WORK/latency.txt")
lat() { # lat NAME COLUMN(3 = p50, 4 = p95, 2 = n)
  awk -v n="$1" -v c="$2" '{name = substr($0, 1, 18); sub(/ +$/, "", name);
    split(substr($0, 19), f, " "); if (name == n) print f[c - 1]}' "$WORK/latency.txt"
}

note "the device alone: CPU of an open stream fed silence per buffer size, callback cadence"
collect "$B/bench_device" --seconds 5

# ---- 2. the whole kiosk ----
note "start-up: $START_RUNS launches"
collect "${DISPLAY_WRAP[@]}" "$B/bench_kiosk" start "$BIN" --runs "$START_RUNS"
note "start-up once more with the system's ALSA configuration (memory)"
PREFIX=sys_ ALSA_CONFIG_PATH=$WORK/asound-system.conf collect "${DISPLAY_WRAP[@]}" \
  "$B/bench_kiosk" start "$BIN" --runs 1
note "key to screen, CPU idle (${WINDOW_S} s) and reading (${WINDOW_S} s)"
collect "${DISPLAY_WRAP[@]}" "$B/bench_kiosk" session "$BIN" --presses 60 \
  --idle-s "$WINDOW_S" --read-s "$WINDOW_S"
PIN=()
if [ "$(nproc)" -ge 2 ]; then
  taskset -c 1 bash -c 'while :; do :; done' &
  STARTED+=($!)
  SPINNER=$!
  PIN=(taskset -c 0)
fi
if [ "$SECTIONS" = 0 ]; then what="the whole article"; else what="the first $SECTIONS sections"; fi
note "underruns and peak memory: the kiosk reads $what with CPU 1 saturated"
collect "${PIN[@]}" "${DISPLAY_WRAP[@]}" "$B/bench_kiosk" article "$BIN" --sections "$SECTIONS" \
  --pulse-log "$WORK/pulse.log"
if [ -n "${SPINNER:-}" ]; then
  kill "$SPINNER"
  wait "$SPINNER" 2>/dev/null || true
fi

# ---- 3. render against espeak-ng, and the anchors ----
RATE=$(sed -n 's/^rate *= *\([0-9]*\).*/\1/p' voices/en.toml)
VOICE=$(sed -n 's/^espeak_voice *= *"\(.*\)".*/\1/p' voices/en.toml)
PITCH=$(sed -n 's/^pitch *= *\([0-9]*\).*/\1/p' voices/en.toml)
# The anchor says what lectern says: the profile's voice, rate and pitch (eSpeak's volume 100 is
# both defaults). The pitch matters: eSpeak's waveform generator sums more harmonics at a lower
# pitch, so the profile's 45 costs eSpeak about 4 % more than its default 50 on the same text.
# The CLI at its default pitch is timed too, and shown beside.
note "render the bundled article at $RATE wpm, voice $VOICE, pitch $PITCH ($RUNS alternating runs each)"
timed() { # timed VAR CMD...: appends "wall cpu" (seconds) of CMD to the array VAR
  local -n into=$1
  local t
  shift
  t=$({ TIMEFORMAT='%R %U %S'; time "$@" >/dev/null; } 2>&1 | tail -1)
  into+=("$(echo "$t" | awk '{ printf "%s %.3f", $1, $2 + $3 }')")
}
lectern_times=() espeak_times=() espeak50_times=()
for _ in $(seq "$RUNS"); do
  timed lectern_times "$BIN" render "$ARTICLE" -o "$WORK/lectern.wav"
  timed espeak_times espeak-ng -v "$VOICE" -s "$RATE" -p "$PITCH" -f "$ARTICLE" -w "$WORK/espeak.wav"
  timed espeak50_times espeak-ng -v "$VOICE" -s "$RATE" -f "$ARTICLE" -w "$WORK/espeak50.wav"
done
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { printf '%s\n' "${@:2}" | cut -d' ' -f"$1"; }
ML=$(field 1 "${lectern_times[@]}" | median) ME=$(field 1 "${espeak_times[@]}" | median)
CL=$(field 2 "${lectern_times[@]}" | median) CE=$(field 2 "${espeak_times[@]}" | median)
CE50=$(field 2 "${espeak50_times[@]}" | median)
SL=$(soxi -D "$WORK/lectern.wav") SE=$(soxi -D "$WORK/espeak.wav")
echo "render runs (wall cpu): lectern ${lectern_times[*]}; espeak-ng -p $PITCH ${espeak_times[*]};" \
  "espeak-ng (pitch 50) ${espeak50_times[*]}" >>"$LOG"
note "anchors: espeak-ng's first byte and peak memory"
FIRST_SENTENCE="If you or a loved one are struggling with depression, you may be considering ketamine."
collect "$B/bench_kiosk" first-byte 9 espeak-ng -v "$VOICE" -s "$RATE" -p "$PITCH" --stdout "$FIRST_SENTENCE"
collect "$B/bench_kiosk" rss espeak-ng -v "$VOICE" -s "$RATE" -p "$PITCH" -f "$ARTICLE" -w "$WORK/espeak.wav"
note "callgrind: lectern render and espeak-ng -w on the bundled article"
irefs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
IR_L=$(irefs "$BIN" render "$ARTICLE" -o "$WORK/lectern-cg.wav")
IR_E=$(irefs espeak-ng -v "$VOICE" -s "$RATE" -p "$PITCH" -f "$ARTICLE" -w "$WORK/espeak-cg.wav")
# The whole kiosk: it and its speech worker under callgrind (the worker started as
# LECTERN_WORKER_EXE, since /proc/self/exe is valgrind's binary there), reading the first
# CG_SECTIONS sections on the null sink (paced in real time: callgrind keeps up, the kiosk needs
# a few % of a core there; its underruns are logged). Counted from the first section heard to
# the next section (callgrind_control --zero, --dump): no start-up, no welcome.
note "callgrind: the whole kiosk (kiosk + speech worker) reading the first $CG_SECTIONS sections"
T_CG=$(date +%s)
PREFIX=kiosk_ collect "${DISPLAY_WRAP[@]}" "$B/bench_kiosk" callgrind "$BIN" --out "$WORK/cg-kiosk" \
  --sections "$CG_SECTIONS" -- --sink null
T_CG=$(($(date +%s) - T_CG))
# The same text for espeak-ng: the article up to the heading of section CG_SECTIONS + 1.
NEXT_HEADING=$("$BIN" sections "$ARTICLE" | awk -v n="$((CG_SECTIONS + 1))" \
  '$1 == n "." { sub(/^ *[0-9]+\. /, ""); sub(/  \([0-9]+ sentences?\)$/, ""); print }')
CUT=$( [ -z "$NEXT_HEADING" ] || grep -n -m1 -F -x -- "$NEXT_HEADING" "$ARTICLE" | cut -d: -f1)
if [ -n "$CUT" ]; then head -n "$((CUT - 1))" "$ARTICLE"; else cat "$ARTICLE"; fi >"$WORK/first-sections.txt"
IR_EK=$(irefs espeak-ng -v "$VOICE" -s "$RATE" -p "$PITCH" -f "$WORK/first-sections.txt" -w "$WORK/espeak-cgk.wav")
SEK=$(soxi -D "$WORK/espeak-cgk.wav")

# ---- 4. the article library ----
note "article library: 10,000 generated articles"
"$B/bench_catalog" 10000 5 | tee -a "$LOG" >"$WORK/catalog.txt"
CAT_MS=$(sed -n 's/.*median \([0-9]*\) ms.*/\1/p' "$WORK/catalog.txt")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ----
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
met() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a + 0 <= b + 0) ? "yes" : "**no**" }'; }
F_ANCHOR="\`espeak-ng\` CLI: $(calc "${F[first_byte_p50_ms]}" 1) ms to its first byte"
LIMIT=$(calc "$BUF_MS + 5" 1)
row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }
echo
echo "Lectern benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo |
  cut -d: -f2 | sed 's/^ //'), load average $LOAD_BEFORE before and $LOAD_AFTER after," \
  "$( [ "$QUICK" = 1 ] && echo "BENCH_QUICK" || echo "full run"), $(($(date +%s) - T_BEGIN)) s"
echo "Device: PulseAudio null sink via ALSA pulse plugin, $BUF_MS ms buffer; display: ${BENCH_DISPLAY:-dummy}"
echo
row figure measured target met? anchor
row --- --- --- --- ---
for c in "play (from stop)" "play (resume)" "play (standby)" next prev next-sentence repeat; do
  row "first audio after \`$c\` (n=$(lat "$c" 2))" "p50 $(lat "$c" 3) ms, p95 $(lat "$c" 4) ms" \
    "p95 ≤ $LIMIT ms" "$(met "$(lat "$c" 4)" "$LIMIT")" "$F_ANCHOR"
done
row "pause to silence (n=$(lat pause 2))" \
  "p50 $(lat pause 3) ms, p95 $(lat pause 4) ms (the device calls back every p95 ${F[device_interval_p95_ms]} ms)" \
  "p95 ≤ $BUF_MS ms (1 buffer)" "$(met "$(lat pause 4)" "$BUF_MS")" \
  "Speech Dispatcher pauses only at index marks"
row "key press to screen (${BENCH_DISPLAY:-dummy}, n=$(calc "${F[key_to_screen_n]}" 0))" \
  "p50 $(calc "${F[key_to_screen_p50_ms]}") ms, p95 $(calc "${F[key_to_screen_p95_ms]}") ms" \
  "≤ 16 ms" "$(met "${F[key_to_screen_p95_ms]}" 16)" "one frame at 60 Hz"
row "start to first frame (n=${START_RUNS})" \
  "p50 $(calc "${F[start_frame_p50_ms]}" 0) ms, max $(calc "${F[start_frame_max_ms]}" 0) ms" \
  "≤ 300 ms" "$(met "${F[start_frame_p50_ms]}" 300)" ""
row "start to first word spoken (n=${START_RUNS})" \
  "p50 $(calc "${F[start_word_p50_ms]}" 0) ms, max $(calc "${F[start_word_max_ms]}" 0) ms" \
  "≤ 400 ms" "$(met "${F[start_word_p50_ms]}" 400)" ""
ESPEAK_CPU=$(calc "100 * $CE / $SE" 3)
row "CPU reading, screen on (${WINDOW_S} s, kiosk + worker)" "$(calc "${F[read_cpu_percent]}") %" \
  "≤ 2 %" "$(met "${F[read_cpu_percent]}" 2)" \
  "eSpeak NG alone: $ESPEAK_CPU % ($(calc "$SE / $CE" 0)× real time)"
row "CPU idle on the home screen (${WINDOW_S} s, device in standby)" \
  "$(calc "${F[idle_cpu_percent]}" 3) % (before the standby, device running: $(calc "${F[idle_running_cpu_percent]}") %; the open device alone: $(calc "${F[device_idle_cpu_percent_128]}") %)" \
  "≤ 0.1 %" "$(met "${F[idle_cpu_percent]}" 0.1)" "0"
row "key press to its spoken confirmation heard (kiosk, n=$(calc "${F[key_to_sound_n]}" 0); the first press after a standby)" \
  "p50 $(calc "${F[key_to_sound_p50_ms]}") ms, p95 $(calc "${F[key_to_sound_p95_ms]}") ms; after a standby: $(calc "${F[standby_key_to_sound_ms]}") ms" \
  "report" "-" ""
# The kiosk's peak RSS plus the pages only the speech worker has (its libraries are the kiosk's
# pages: adding both RSS figures would count them twice; the sum is shown as well).
RSS=$(calc "${F[rss_kiosk_mb]} + ${F[rss_worker_private_mb]}" 1)
row "peak resident memory reading $what (kiosk + worker's own pages)" \
  "$RSS MB (kiosk $(calc "${F[rss_kiosk_mb]}" 1) + worker $(calc "${F[rss_worker_private_mb]}" 1); both RSS: $(calc "${F[rss_kiosk_mb]} + ${F[rss_worker_mb]}" 1); kiosk at start $(calc "${F[start_rss_kiosk_mb]}" 1), with the system's ALSA configuration $(calc "${F[sys_start_rss_kiosk_mb]}" 1))" \
  "≤ 40 MB" "$(met "$RSS" 40)" "\`espeak-ng\` CLI: $(calc "${F[rss_mb]}" 1) MB"
row "underruns, $what ($(calc "${F[article_speech_s]}" 0) s), other core saturated" \
  "$(calc "${F[article_underruns]}" 0) (device: $(calc "${F[article_device_underruns]}" 0))" \
  "0" "$(met "$(calc "${F[article_underruns]} + ${F[article_device_underruns]}" 0)" 0)" ""
RATIO=$(calc "$CL / $CE" 3)
row "render the bundled article vs \`espeak-ng -p $PITCH -w\` (CPU time, median of $RUNS)" \
  "$RATIO× ($(calc "$CL" 3) s vs $(calc "$CE" 3) s; wall time $(calc "$ML / $ME" 3)×; vs \`espeak-ng\` at its default pitch 50: $(calc "$CL / $CE50" 3)×, $(calc "$CE50" 3) s)" \
  "≤ 1.05×" "$(met "$RATIO" 1.05)" "1.0×"
row "catalog of 10,000 generated articles ready (median of 5)" "$CAT_MS ms" "≤ 500 ms" \
  "$(met "$CAT_MS" 500)" ""
row "instructions per second of speech (callgrind, \`lectern render\`)" \
  "$(calc "$IR_L / $SL / 1e6" 2) M/s ($(calc "$IR_L / 1e9" 2) G over $(calc "$SL" 1) s)" "report" "-" \
  "\`espeak-ng\` CLI: $(calc "$IR_E / $SE / 1e6" 2) M/s (ratio $(calc "($IR_L / $SL) / ($IR_E / $SE)" 3))"
row "instructions per second of speech (callgrind, whole kiosk: kiosk + worker, first $CG_SECTIONS sections, null sink)" \
  "$(calc "${F[kiosk_cg_ir_per_s]} / 1e6" 2) M/s (kiosk $(calc "${F[kiosk_cg_kiosk_ir]} / 1e6" 0) M + worker $(calc "${F[kiosk_cg_worker_ir]} / 1e6" 0) M over $(calc "${F[kiosk_cg_speech_s]}" 1) s; underruns $(calc "${F[kiosk_cg_underruns]}" 0); ${T_CG} s)" \
  "report" "-" \
  "\`espeak-ng\` CLI, same text: $(calc "$IR_EK / $SEK / 1e6" 2) M/s (ratio $(calc "${F[kiosk_cg_ir_per_s]} / ($IR_EK / $SEK)" 3))"
echo
echo "The device alone (Lectern's PortAudioSink open and idle, nothing else): CPU" \
  "$(calc "${F[device_idle_cpu_percent_128]}") % at 128 frames, $(calc "${F[device_idle_cpu_percent_256]}") % at 256," \
  "$(calc "${F[device_idle_cpu_percent_512]}") % at 512, $(calc "${F[device_idle_cpu_percent_1024]}") % at 1024;" \
  "callbacks at 128 frames every p50 ${F[device_interval_p50_ms]} ms, p95 ${F[device_interval_p95_ms]} ms," \
  "max ${F[device_interval_max_ms]} ms."
echo "Details: $LOG"
