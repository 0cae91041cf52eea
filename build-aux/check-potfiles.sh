#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails, naming the file, when a source under src/ has translatable strings
# (_( N_( C_( NC_( or translatable="yes") but is not listed in po/POTFILES.in,
# or when po/POTFILES.in lists a file that does not exist.
# Usage: check-potfiles.sh [SOURCE_ROOT]
set -euo pipefail

root=${1:-$(dirname "$0")/..}
cd "$root"

potfiles=po/POTFILES.in
if [ ! -f "$potfiles" ]; then
  echo "FAIL: $potfiles does not exist"
  exit 1
fi

listed=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles" | sort -u)
status=0

while IFS= read -r file; do
  [ -n "$file" ] || continue
  if ! grep -qxF -- "$file" <<<"$listed"; then
    echo "FAIL: $file has translatable strings but is missing from $potfiles"
    status=1
  fi
done < <(grep -rlE --include='*.c' --include='*.h' --include='*.ui' \
           -e '(^|[^A-Za-z0-9_])(N|C|NC)?_\(' -e 'translatable="yes"' src | sort)

while IFS= read -r file; do
  if [ ! -f "$file" ]; then
    echo "FAIL: $potfiles lists $file, which does not exist"
    status=1
  fi
done <<<"$listed"

if [ $status -eq 0 ]; then
  echo "ok: every source file with translatable strings is in $potfiles"
fi
exit $status
