#!/usr/bin/env bash
# Builds the Debian packages with CPack (cmake/Packaging.cmake) and checks them with lintian:
#   scripts/package.sh [amd64] [arm64]        (default: both)
# Each is a Release build with prefix /usr and Debian's hardening flags (dpkg-buildflags,
# hardening=+all): amd64 in build/deb-amd64, arm64 cross-compiled in the rpi-arm64 preset's
# build/rpi-arm64 (cmake/toolchain-aarch64.cmake).
# The .debs land in build/packages/. Lintian must report no error or warning; every override is
# explained in packaging/debian/lintian-overrides.
# From a fresh Debian 12: run scripts/deps.sh first (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."

archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(amd64 arm64)
out=build/packages
mkdir -p "$out"

for arch in "${archs[@]}"; do
  # The flags Debian builds its own packages with, for this architecture, less -g (the package is
  # stripped, and debug info only slows the build); -ffile-prefix-map keeps the build folder out.
  flags() {
    DEB_HOST_ARCH=$arch DEB_BUILD_MAINT_OPTIONS=hardening=+all DEB_CXXFLAGS_MAINT_STRIP=-g \
      dpkg-buildflags --get "$1"
  }
  debian_flags=(-DCMAKE_CXX_FLAGS="$(flags CXXFLAGS) $(flags CPPFLAGS)"
                -DCMAKE_EXE_LINKER_FLAGS="$(flags LDFLAGS)")
  case "$arch" in
    amd64)
      dir=build/deb-amd64
      cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
        -DLECTERN_TESTS=OFF "${debian_flags[@]}" >/dev/null ;;
    arm64)
      # The rpi-arm64 preset's own build (Release, prefix /usr): scripts/test.sh then builds and
      # runs the test suite in it under qemu, so the binary packaged is the binary tested.
      dir=build/rpi-arm64
      cmake --preset rpi-arm64 "${debian_flags[@]}" >/dev/null ;;
    *) echo "package.sh: unknown architecture '$arch' (amd64 or arm64)" >&2; exit 2 ;;
  esac
  echo "=== package $arch: build ($dir)"
  cmake --build "$dir" -j "$(nproc)" --target lectern
  echo "=== package $arch: cpack"
  rm -f "$dir"/lectern_*.deb
  # dpkg-shlibdeps reads DEB_HOST_ARCH to look up the arm64 libraries' symbols files.
  (cd "$dir" && DEB_HOST_ARCH=$arch cpack -G DEB >/dev/null)
  deb=$(ls "$dir"/lectern_*_"$arch".deb)
  cp "$deb" "$out/"
  deb=$out/$(basename "$deb")
  echo "=== package $arch: lintian $deb"
  status=0
  report=$(lintian --fail-on error,warning --display-info --pedantic "$deb" 2>&1) || status=$?
  # As root lintian says it would rather not be; that line is not a finding.
  grep -v '^running with root privileges' <<<"$report" || true
  [ "$status" -eq 0 ] || { echo "package.sh: lintian found errors or warnings in $deb" >&2; exit 1; }
  echo "lintian: no errors or warnings"
  dpkg-deb --field "$deb" Package Version Architecture Depends
done
ls -l "$out"
