#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest: app id and command, pinned checksums, only the
permissions Keyhole needs, and the modules it needs beside the GNOME runtime.
Usage: check-flatpak-manifest.py MANIFEST APP_ID"""

import json
import re
import sys

SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Stand-ins that look like checksums: one digit repeated ("000…0") and the sha256 of
# an empty file (what `sha256sum` prints for a failed download).
PLACEHOLDER_SHA256 = re.compile(r"^([0-9a-f])\1{63}$")
EMPTY_FILE_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
FORBIDDEN_ARGS = {
    "--filesystem=host": "gives the app the whole file system",
    # libsecret reaches the keyring through the Secret portal inside Flatpak.
    "--talk-name=org.freedesktop.secrets": "is not needed with the Secret portal",
}
# What Keyhole needs: the network, a display, and GPU rendering. Files come through the
# file chooser portal and passwords through the Secret portal. A new permission must be
# justified here, not slipped into the manifest.
ALLOWED_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
# The GNOME runtime has GTK, libadwaita, GtkSourceView, libsecret, json-glib and OpenSSL;
# these are not in it.
REQUIRED_MODULES = ["hiredis", "valkey"]
# GNOME 43 is the first runtime with GTK 4.8 and libadwaita 1.2, the versions Keyhole needs.
OLDEST_RUNTIME = 43


def check(manifest, app_id):
    problems = []
    warnings = []

    if manifest.get("app-id") != app_id:
        problems.append(f"app-id is {manifest.get('app-id')!r}, expected {app_id!r}")
    if manifest.get("command") != "keyhole":
        problems.append(f"command is {manifest.get('command')!r}, expected 'keyhole'")

    if manifest.get("runtime") != "org.gnome.Platform":
        problems.append(f"runtime is {manifest.get('runtime')!r}, expected 'org.gnome.Platform'")
    version = manifest.get("runtime-version")
    if not isinstance(version, str) or not version.isdigit():
        problems.append(f"runtime-version is {version!r}, expected a GNOME release such as '51'")
    elif int(version) < OLDEST_RUNTIME:
        problems.append(f"runtime-version {version} is older than GNOME {OLDEST_RUNTIME}, "
                        f"the first with GTK 4.8 and libadwaita 1.2")
    if manifest.get("sdk") != "org.gnome.Sdk":
        problems.append(f"sdk is {manifest.get('sdk')!r}, expected 'org.gnome.Sdk'")

    for arg in manifest.get("finish-args", []):
        if arg in FORBIDDEN_ARGS:
            problems.append(f"finish-args has {arg}, which {FORBIDDEN_ARGS[arg]}")
        elif arg not in ALLOWED_ARGS:
            problems.append(f"finish-args has {arg}, which is not among the permissions "
                            f"Keyhole needs (see ALLOWED_ARGS in {__file__})")

    modules = manifest.get("modules", [])
    if not modules:
        problems.append("the manifest has no modules")
    names = [m.get("name") for m in modules if isinstance(m, dict)]
    for required in REQUIRED_MODULES:
        if required not in names:
            problems.append(f"the manifest has no {required} module")
    if names and names[-1] != "keyhole":
        problems.append("the last module should be keyhole, built on the others")
    elif names:
        opts = modules[-1].get("config-opts", [])
        if "-Dtests=false" not in opts:
            problems.append("the keyhole module should build with -Dtests=false: "
                            "the tests need servers and a display the build has not")

    for module in modules:
        if isinstance(module, str):
            continue  # a module kept in its own file
        name = module.get("name", "<unnamed>")
        for source in module.get("sources", []):
            if isinstance(source, str) or source.get("type") not in ("archive", "file"):
                continue
            sha = source.get("sha256")
            where = source.get("url") or source.get("path") or "?"
            if not isinstance(sha, str) or not SHA256.match(sha):
                problems.append(f"module {name}: source {where} has no 64-hex sha256")
            elif PLACEHOLDER_SHA256.match(sha):
                problems.append(f"module {name}: source {where} has a placeholder sha256 "
                                f"({sha[:8]}…): put the archive's real checksum in")
            elif sha == EMPTY_FILE_SHA256:
                problems.append(f"module {name}: source {where} has the sha256 of an empty "
                                f"file: the download it was taken from failed")

    return problems, warnings


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2

    path, app_id = sys.argv[1], sys.argv[2]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"FAIL: cannot read {path}: {e}")
        return 1

    problems, warnings = check(manifest, app_id)
    for w in warnings:
        print(f"warning: {w}")
    for p in problems:
        print(f"FAIL: {p}")
    if problems:
        return 1
    print(f"ok: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
