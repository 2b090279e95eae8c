#!/usr/bin/env bash
# Installs the amd64 .deb into a clean Debian 12 root and checks it there, as an IT person would:
#   1. a minimal bookworm (debootstrap --variant=minbase from Debian's mirror; the untouched root
#      is cached as a tarball, so later runs start from the same clean root in seconds);
#   2. `apt-get install ./lectern_*.deb` inside it (the Depends computed by dpkg-shlibdeps must be
#      enough), then: the unit is enabled the Debian way, the settings are a conffile;
#   3. `lectern check` inside it, with an ALSA file device and SDL's dummy display: exit 0;
#   4. /etc/lectern/lectern.toml edited, the package reinstalled with dpkg and no --force option
#      (a conffile question would fail on the closed stdin): the edit survives and is used;
#   5. remove keeps the settings, purge deletes them and the unit's enablement.
# Usage: scripts/check-package.sh [DEB] (default: build/packages/lectern_*_amd64.deb). Root only
# (chroot, mounts). The cache folder is $LECTERN_CACHE_DIR, default /var/cache/lectern-check.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=${1:-$(ls build/packages/lectern_*_amd64.deb 2>/dev/null | tail -1)}
[ -f "$deb" ] || { echo "check-package.sh: no .deb (run scripts/package.sh amd64 first)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "check-package.sh: needs root (chroot and mounts)" >&2; exit 2; }
cache=${LECTERN_CACHE_DIR:-/var/cache/lectern-check}
mirror=http://deb.debian.org/debian
root=$PWD/build/check-package/root
mkdir -p "$cache/apt-archives" "$(dirname "$root")"

step() { echo "=== check-package: $*"; }
fail() { echo "check-package.sh: FAIL: $*" >&2; exit 1; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }

mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  # Never delete through a mount that is still there (the host's /dev is bound into the root).
  for m in "${mounted[@]}"; do
    if mountpoint -q "$m"; then echo "check-package.sh: $m still mounted; left $root" >&2; return; fi
  done
  [ -n "${KEEP_ROOT:-}" ] || rm -rf --one-file-system "$root"
}
trap cleanup EXIT
bind() { mkdir -p "$root$2"; mount --rbind "$1" "$root$2"; mount --make-rslave "$root$2"; mounted+=("$root$2"); }

# --- 1. a clean root
rm -rf "$root"
base=$cache/bookworm-minbase.tar
if [ ! -f "$base" ]; then
  step "debootstrap a minimal bookworm (first run; cached in $base)"
  debootstrap --variant=minbase bookworm "$root.new" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -20 "$cache/debootstrap.log"; fail "debootstrap"; }
  tar -C "$root.new" -cf "$base.tmp" . && mv "$base.tmp" "$base"
  rm -rf "$root.new"
fi
step "unpack the clean root"
mkdir -p "$root"
tar -C "$root" -xf "$base"
mount -t proc proc "$root/proc"
mounted+=("$root/proc")
bind /dev /dev
bind "$cache/apt-archives" /var/cache/apt/archives
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The usual guard for chroots: package scripts must not try to start services here.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/"
pkg=/tmp/$(basename "$deb")

# --- 2. install the way an IT person would
step "apt-get install $pkg"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
in_root test -x /usr/bin/lectern || fail "/usr/bin/lectern missing"
in_root test -L /etc/systemd/system/multi-user.target.wants/lectern.service ||
  fail "lectern.service was not enabled by postinst (deb-systemd-helper)"
in_root dpkg-query -W -f='${Conffiles}\n' lectern | grep -q '^ /etc/lectern/lectern.toml ' ||
  fail "/etc/lectern/lectern.toml is not a conffile"
echo "installed; unit enabled; /etc/lectern/lectern.toml is a conffile"

# --- 3. the self-test inside the root
cat >"$root/tmp/asound.conf" <<'EOF'
</usr/share/alsa/alsa.conf>
pcm.!default {
    type plug
    slave.pcm { type file; slave.pcm "null"; file "/tmp/tone.wav"; format "wav" }
}
EOF
run_check() {
  in_root env ALSA_CONFIG_PATH=/tmp/asound.conf SDL_VIDEODRIVER=dummy lectern check
}
step "lectern check (ALSA file device, SDL dummy display)"
out=$(run_check) || { echo "$out"; fail "lectern check exited $?"; }
echo "$out"
grep -q '^ok    content   .* in /usr/share/lectern/content[,]' <<<"$out" ||
  fail "the installed lectern did not find its data in /usr/share/lectern"

# --- 4. an edited conffile survives reinstalling
step "edit /etc/lectern/lectern.toml, reinstall, check the edit survived"
conf=$root/etc/lectern/lectern.toml
sed -i 's/^device_name = ""$/device_name = "Edited by check-package"/; s/^volume = 70$/volume = 55/' "$conf"
grep -q '^device_name = "Edited by check-package"$' "$conf" || fail "could not edit $conf"
in_root dpkg -i "$pkg" </dev/null >/dev/null || fail "reinstalling asked about or failed on the conffile"
grep -q '^device_name = "Edited by check-package"$' "$conf" || fail "the edit was lost on reinstall"
grep -q '^volume = 55$' "$conf" || fail "the edit was lost on reinstall"
out=$(run_check) || { echo "$out"; fail "lectern check after reinstall exited $?"; }
grep -q '^ok    settings  /etc/lectern/lectern.toml; device "Edited by check-package"' <<<"$out" ||
  { echo "$out"; fail "lectern check does not use the edited settings"; }
echo "the edit survived and lectern check reads it"

# --- 5. remove keeps the settings; purge removes them and the enablement
step "remove, then purge"
in_root dpkg -r lectern >/dev/null
[ -f "$conf" ] || fail "remove deleted the settings"
in_root dpkg -P lectern >/dev/null
[ ! -e "$conf" ] || fail "purge left the settings"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/lectern.service" ] ||
  fail "purge left the unit enabled"
echo "check-package: all passed"
