#!/usr/bin/env bash
# Checks packaging/lectern.service offline (no running systemd needed):
#   - `systemd-analyze verify` prints nothing and succeeds. verify insists that ExecStart's binary
#     exists, so it runs on a copy whose /usr/bin/lectern is the freshly built binary (and does
#     not look for the manual page, which only the installed package provides);
#   - `systemd-analyze security --offline=yes` rates the exposure at 2.0 or less.
# Usage: check-unit.sh UNIT_FILE LECTERN_BINARY WORK_DIR. Exit 77 (skipped) without systemd-analyze.
set -euo pipefail
unit=$1 binary=$2 work=$3

if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze is not installed (scripts/deps.sh installs the systemd package)"
  exit 77
fi
grep -q '^ExecStart=/usr/bin/lectern\( \|$\)' "$unit" ||
  { echo "FAIL: ExecStart does not run /usr/bin/lectern (where the package installs it)"; exit 1; }

rm -rf "$work" && mkdir -p "$work"
sed "s|/usr/bin/lectern|$binary|" "$unit" >"$work/lectern.service"
# --man=no: Documentation=man:lectern(1) exists once the package is installed, not on a build host.
verify=$(systemd-analyze verify --man=no "$work/lectern.service" 2>&1) || { echo "$verify"; echo "FAIL: verify"; exit 1; }
if [ -n "$verify" ]; then
  echo "$verify"
  echo "FAIL: systemd-analyze verify printed warnings"
  exit 1
fi
echo "ok: systemd-analyze verify is clean"

report=$(systemd-analyze security --offline=yes "$unit" 2>&1) || true
figure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$report")
if [ -z "$figure" ]; then
  echo "$report"
  echo "FAIL: no exposure figure in the report"
  exit 1
fi
echo "systemd-analyze security: exposure $figure"
if ! awk -v f="$figure" 'BEGIN { exit !(f <= 2.0) }'; then
  grep '✗' <<<"$report" || true
  echo "FAIL: exposure $figure is above 2.0"
  exit 1
fi
echo "ok: exposure $figure <= 2.0"
