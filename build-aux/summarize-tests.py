#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts test results from meson testlog.json files and prints one closing line.

TAP test programs count each of their subtests; other tests count once.
A build that produced no log counts as one failure.
"""
import json
import re
import sys

passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            entries = [json.loads(line) for line in f if line.strip()]
    except OSError:
        print(f"{path}: no test log (the build or the test run did not happen)")
        failed += 1
        continue
    for e in entries:
        result = e.get("result")
        name = f"{path.split('/')[0]}: {e.get('name')}"
        out = e.get("stdout") or ""
        tap = [l for l in out.splitlines() if re.match(r"^(not )?ok \d+", l)]
        if tap and result in ("OK", "FAIL", "SKIP", "EXPECTEDFAIL", "UNEXPECTEDPASS"):
            for line in tap:
                if line.startswith("not ok") and "# TODO" not in line:
                    failed += 1
                    failures.append(f"{name}: {line}")
                elif "# SKIP" in line or "# skip" in line:
                    skipped += 1
                else:
                    passed += 1
            if result == "FAIL" and not any(l.startswith("not ok") for l in tap):
                failed += 1  # crashed or exited non-zero after its subtests
                failures.append(f"{name}: exited with {e.get('returncode')} after {len(tap)} subtests")
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
            failures.append(f"{name}: {result}")

# Named again here, so the end of a long log says what failed.
for f in failures:
    print(f"FAILED {f}")

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
