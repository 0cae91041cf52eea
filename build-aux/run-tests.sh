#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# README command 2: install what is missing, build twice (warnings as errors; and
# AddressSanitizer + UndefinedBehaviorSanitizer) and run the whole suite in each,
# under Xvfb and a private D-Bus session with an unlocked gnome-keyring.
# Ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

status=0
logs=()

run_suite() {
  local dir=$1; shift
  local setup_args=("$@")
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "${setup_args[@]}" || return 1
  else
    meson configure "$dir" "${setup_args[@]}" >/dev/null || return 1
  fi
  ninja -C "$dir" || return 1
  xvfb-run -a -s '-screen 0 1280x800x24' \
    dbus-run-session -- bash build-aux/keyring-session.sh \
    meson test -C "$dir" --print-errorlogs --no-rebuild --num-processes 2
}

echo "== build with warnings as errors =="
if ! run_suite build-ci --werror -Dbuildtype=debugoptimized; then status=1; fi
logs+=(build-ci/meson-logs/testlog.json)

echo "== build with AddressSanitizer and UndefinedBehaviorSanitizer =="
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
if ! run_suite build-asan --werror -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug; then status=1; fi
logs+=(build-asan/meson-logs/testlog.json)

python3 build-aux/summarize-tests.py "${logs[@]}" || status=1
exit $status
