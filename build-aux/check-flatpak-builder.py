#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Has flatpak-builder itself read the Flatpak manifest (--show-manifest): a syntax
error, or a property flatpak-builder does not know (a typo such as "sha265"), fails.
Without flatpak-builder the test is skipped, or fails when KH_TEST_REQUIRE_SERVERS=1
(CI), as the tests that need a server do.
Usage: check-flatpak-builder.py MANIFEST APP_ID"""

import json
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    manifest, app_id = os.path.abspath(sys.argv[1]), sys.argv[2]

    builder = shutil.which("flatpak-builder")
    if builder is None:
        if os.environ.get("KH_TEST_REQUIRE_SERVERS") == "1":
            print("FAIL: flatpak-builder is not installed (KH_TEST_REQUIRE_SERVERS=1)")
            return 1
        print("flatpak-builder is not installed")
        return 77

    # It makes a .flatpak-builder folder in the working directory (--show-manifest takes
    # no --state-dir): a temporary one, not the checkout.
    with tempfile.TemporaryDirectory(prefix="kh-flatpak-") as tmp:
        run = subprocess.run([builder, "--show-manifest", manifest],
                             cwd=tmp, capture_output=True, text=True, timeout=60)

    problems = []
    if run.returncode != 0:
        problems.append(f"flatpak-builder exited with {run.returncode}")
    # Unknown properties are only warnings to flatpak-builder, and then silently dropped.
    for line in run.stderr.splitlines():
        if "WARNING" in line or "Unknown property" in line:
            problems.append(f"flatpak-builder: {line.strip()}")
    try:
        shown = json.loads(run.stdout) if run.returncode == 0 else None
    except ValueError as e:
        shown = None
        problems.append(f"flatpak-builder printed no JSON: {e}")
    if shown is not None:
        shown_id = shown.get("id", shown.get("app-id"))
        if shown_id != app_id:
            problems.append(f"flatpak-builder reads the app id as {shown_id!r}, expected {app_id!r}")
        names = [m.get("name") for m in shown.get("modules", []) if isinstance(m, dict)]
        if "keyhole" not in names:
            problems.append(f"flatpak-builder finds no keyhole module (modules: {names})")

    if problems:
        if run.returncode != 0 and run.stderr.strip():
            print(run.stderr.strip())
        for p in problems:
            print(f"FAIL: {p}")
        return 1
    print(f"ok: flatpak-builder reads {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
