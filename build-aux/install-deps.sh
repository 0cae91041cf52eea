#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what Keyhole needs to build, run and test on Debian 12 (bookworm).
# Asks for sudo when not root. Safe to run again: it only installs what is missing.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

# valkey-server lives in bookworm-backports.
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "Adding the bookworm-backports suite to apt's sources"
  echo 'deb http://deb.debian.org/debian bookworm-backports main' |
    $SUDO tee /etc/apt/sources.list.d/keyhole-backports.list >/dev/null
fi

PACKAGES=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libhiredis-dev libssl-dev
  libjson-glib-dev libsecret-1-dev libgtksourceview-5-dev
  appstream desktop-file-utils libglib2.0-bin
  redis-server redis-tools openssl
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
  imagemagick fonts-cantarell adwaita-icon-theme
  # For the check-flatpak-builder test; bookworm's 1.2.3 is enough to read the manifest.
  flatpak-builder
)
BACKPORTS=(valkey-server valkey-tools)

missing=()
for p in "${PACKAGES[@]}" "${BACKPORTS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  # Unrelated third-party sources may be unreachable; the Debian archive is what matters.
  $SUDO apt-get update -q || true
  export DEBIAN_FRONTEND=noninteractive
  main=()
  bp=()
  for p in "${missing[@]}"; do
    case " ${BACKPORTS[*]} " in
      *" $p "*) bp+=("$p") ;;
      *) main+=("$p") ;;
    esac
  done
  if [ ${#main[@]} -gt 0 ]; then
    $SUDO apt-get install -y -q --no-install-recommends "${main[@]}"
  fi
  if [ ${#bp[@]} -gt 0 ]; then
    $SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports "${bp[@]}"
  fi
fi

# The packaged services must not hold the default ports or start by themselves.
for svc in redis-server valkey-server; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    $SUDO systemctl stop "$svc" || true
  fi
done
