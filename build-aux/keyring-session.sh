#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command with a private, unlocked gnome-keyring as the Secret Service,
# for the secrets tests. Use it inside a private D-Bus session:
#   dbus-run-session -- build-aux/keyring-session.sh meson test -C build test-secrets
# The keyring lives in a temporary XDG_DATA_HOME (and the daemon's sockets in a
# temporary XDG_RUNTIME_DIR), so the user's own keyrings are never touched.
# The daemon is stopped and the directory removed when the command ends; the
# command's exit status is returned.
set -eu

me=$(basename "$0")

if [ $# -eq 0 ]; then
  echo "usage: $me COMMAND [ARG...]" >&2
  exit 2
fi
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "$me: no session bus: run dbus-run-session -- $0 $*" >&2
  exit 2
fi
if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "$me: gnome-keyring-daemon is not installed: running without a keyring" >&2
  exec "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kh-keyring-XXXXXX")
daemon_pid=

cleanup() {
  if [ -n "$daemon_pid" ]; then
    kill "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export XDG_DATA_HOME="$tmp/data"
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -m 700 "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"

# Asks the bus itself, without starting anything through D-Bus activation.
bus_call() {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method "org.freedesktop.DBus.$1" org.freedesktop.secrets 2>/dev/null
}

# --unlock reads the login keyring's password on stdin and creates that keyring
# when it does not exist; the daemon forks and prints variables to export.
if ! output=$(printf '%s' 'keyhole-test-keyring' | gnome-keyring-daemon --unlock --components=secrets); then
  echo "$me: gnome-keyring-daemon failed to start" >&2
  exit 1
fi
while IFS= read -r line; do
  case $line in
    [A-Za-z_]*=*) export "${line?}" ;;
  esac
done <<EOF
$output
EOF

# The daemon claims org.freedesktop.secrets after forking: wait for it.
if command -v gdbus >/dev/null 2>&1; then
  tries=0
  until bus_call NameHasOwner | grep -q true; do
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then
      echo "$me: gnome-keyring-daemon did not register org.freedesktop.secrets" >&2
      exit 1
    fi
    sleep 0.1
  done
  daemon_pid=$(bus_call GetConnectionUnixProcessID | sed -n 's/^(uint32 \([0-9]*\),)$/\1/p')
else
  sleep 1
fi

status=0
"$@" || status=$?
exit "$status"
