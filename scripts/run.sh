#!/usr/bin/env bash
# Builds Lectern (Release) and reads the bundled article aloud through the default audio device.
# From a fresh Debian 12: this installs what it needs first (scripts/deps.sh).
# Extra arguments go to `lectern play`, e.g. scripts/run.sh --voice en --rate 180
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target lectern
exec build/release/src/app/lectern play content/what-to-expect-during-ketamine-treatment.txt "$@"
