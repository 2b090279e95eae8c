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
  # fuzzing: libFuzzer is clang's (scripts/fuzz.sh)
  clang libclang-rt-14-dev
  # packaging: the .deb (CPack, dpkg-shlibdeps, lintian), the unit's checks (systemd-analyze),
  # a clean Debian root for the install test (scripts/package.sh, scripts/check-package.sh)
  dpkg-dev lintian systemd debootstrap
  # Raspberry Pi (arm64): cross compiler, user-mode qemu (and binfmt, for tests that start the
  # arm64 binary), the arm64 -dev packages; all co-install with the amd64 ones on Debian 12
  crossbuild-essential-arm64 qemu-user qemu-user-binfmt binfmt-support
  libespeak-ng-dev:arm64 portaudio19-dev:arm64 libsdl2-dev:arm64 libsdl2-ttf-dev:arm64
  libmd4c-dev:arm64 libtomlplusplus-dev:arm64 libfontconfig-dev:arm64 libsystemd-dev:arm64
  zlib1g-dev:arm64
)

# `scripts/deps.sh bench` adds what only the benchmarks need (bench/run.sh asks for it): a paced
# sound device (a PulseAudio null sink, parec on its monitor), the espeak-ng command line as the
# anchor, callgrind. The test command does not install them.
if [ "${1:-}" = bench ]; then
  PACKAGES+=(pulseaudio pulseaudio-utils espeak-ng valgrind)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Lets apt see arm64 packages; a new architecture needs a fresh package list.
arch_added=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
  arch_added=1
fi

# Tests of the arm64 build start the arm64 binary from arm64 test programs: the kernel must hand
# it to qemu. Registrations do not survive a reboot, so this runs every time (it is cheap).
register_binfmt() {
  [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && return 0
  mountpoint -q /proc/sys/fs/binfmt_misc ||
    $SUDO mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  $SUDO update-binfmts --enable qemu-aarch64
}

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ "$arch_added" -eq 0 ]; then
  register_binfmt
  exit 0
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
register_binfmt
