#!/usr/bin/env bash
# Installs the Debian 12 packages Lectern needs to build, run and test. Idempotent: installs only
# what is missing. Runs apt-get as root (directly, or through sudo for another user).
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build pkg-config git
  libespeak-ng-dev portaudio19-dev libsdl2-dev libsdl2-ttf-dev libmd4c-dev
  libtomlplusplus-dev libcli11-dev libfontconfig-dev libsystemd-dev doctest-dev zlib1g-dev
  # run
  espeak-ng-data fonts-dejavu-core fonts-b612
  # test: sound and screens without hardware, measuring audio
  libasound2-plugins alsa-utils sox bc xvfb xauth clang-format
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
