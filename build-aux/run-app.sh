#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# README command 1: install what is missing, build, and open Keyhole on its sandbox server.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build-aux/install-deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build
fi
ninja -C build
# Run from the build tree: the schema and the translations compiled there are used,
# nothing is installed.
export GSETTINGS_SCHEMA_DIR="$PWD/build/data"
export KEYHOLE_LOCALEDIR="$PWD/build/po"
exec ./build/src/keyhole --sandbox "$@"
