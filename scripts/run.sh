#!/usr/bin/env bash
# Builds Lectern (Release) and starts the kiosk on the bundled articles: full screen on a display,
# audio-only (keys and keypad) without one. Enter (or a tap on the article) reads it aloud.
# From a fresh Debian 12: this installs what it needs first (scripts/deps.sh).
# Extra arguments go to `lectern`, e.g. scripts/run.sh --window 800x480 --theme white-on-blue
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target lectern
exec build/release/src/app/lectern "$@"
