#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every source file under src/ includes only headers from folders it may use.

The allowed edges are the ones ../shared/DESIGN.md draws, kept here and nowhere else:
a folder may use the folders listed for it, and what those may use (the arrows are
transitive); every folder may use itself. Headers are included by their file name
("kh-session.h"), so a header's folder is found by looking for that name under src/.
Exits 1 and names each offending #include when a file reaches a folder it may not use.
"""
import os
import re
import sys

# folder -> folders it may use directly (DESIGN.md, "Folders and who may include whom").
CORE_EDGES = {
    'core/base': [],
    'core/protocol': ['core/base'],
    'core/transport': ['core/base'],
    'core/connection': ['core/protocol', 'core/transport'],
    'core/topology': ['core/connection'],
    'core/session': ['core/topology', 'core/connection'],
    'core/profiles': ['core/session'],
    'core/keys': ['core/session'],
    'core/values': ['core/keys'],
    'core/server': ['core/session'],
    'core/live': ['core/session', 'core/keys'],
    'core/analysis': ['core/keys', 'core/server'],
    'core/move': ['core/keys', 'core/values'],
    'core/sandbox': ['core/session'],
}
UI_FEATURES = ['ui/profiles', 'ui/session', 'ui/keys', 'ui/values', 'ui/server',
               'ui/console', 'ui/analysis', 'ui/move']
EDGES = dict(CORE_EDGES)
EDGES['core'] = list(CORE_EDGES)          # the UI and the CLI see all of the core
EDGES['ui/common'] = ['core']
for feature in UI_FEATURES:
    EDGES[feature] = ['ui/common', 'core']
EDGES['ui/keys'] = ['ui/common', 'core', 'ui/values']
EDGES['ui/app'] = ['ui/common', 'core'] + UI_FEATURES
EDGES['ui/session'] = ['ui/common', 'core'] + [f for f in UI_FEATURES if f != 'ui/session']
EDGES['cli'] = ['core']
EDGES['main'] = ['ui/app', 'ui/common', 'core']


def reachable(folder):
    seen = set()
    todo = [folder]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(EDGES.get(f, []))
    return seen


def folder_of(relpath):
    parts = relpath.split('/')
    if parts[0] != 'src':
        return None
    if len(parts) == 2:
        return 'main'
    if parts[1] in ('core', 'ui'):
        return '/'.join(parts[1:3]) if len(parts) > 3 else parts[1]
    return parts[1]


def self_test():
    """The check must catch a wrong include: a tiny tree with one, and one without."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        def write(rel, text):
            path = os.path.join(tmp, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
        write('src/core/base/kh-error.h', '#pragma once\n')
        write('src/core/session/kh-session.h', '#include "kh-error.h"\n')
        write('src/ui/app/kh-window.h', '#include "kh-session.h"\n')
        write('src/ui/keys/kh-key-browser.c', '#include "config.h"\n#include "kh-session.h"\n')
        if check(tmp, quiet=True) != 0:
            return 'a tree that keeps the layering was reported'
        write('src/ui/keys/kh-key-browser.c', '#include "kh-window.h"\n')
        if check(tmp, quiet=True) != 1:
            return 'ui/keys including ui/app was not reported'
        write('src/ui/keys/kh-key-browser.c', '#include "kh-session.h"\n')
        write('src/core/base/kh-error.c', '#include "kh-session.h"\n')
        if check(tmp, quiet=True) != 1:
            return 'core/base including core/session was not reported'
    return None


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--self-test':
        problem = self_test()
        print(problem or 'self-test passed')
        return 1 if problem else 0
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    problem = self_test()
    if problem:
        print(f'self-test failed: {problem}')
        return 1
    return check(root)


def check(root, quiet=False):
    src = os.path.join(root, 'src')
    headers = {}
    files = []
    for dirpath, _, names in os.walk(src):
        for name in names:
            if name.endswith(('.c', '.h')):
                rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, '/')
                files.append(rel)
                if name.endswith('.h'):
                    headers.setdefault(name, []).append(rel)

    problems = []
    for name, places in headers.items():
        if len(places) > 1:
            problems.append(f'{name}: more than one header of that name: {", ".join(places)}')

    include_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    for rel in sorted(files):
        folder = folder_of(rel)
        if folder is None:
            continue
        if folder not in EDGES and not (folder.startswith('ui/') and folder in UI_FEATURES):
            problems.append(f'{rel}: folder {folder} is not in the layering table')
            continue
        allowed = reachable(folder)
        with open(os.path.join(root, rel), encoding='utf-8') as f:
            for lineno, line in enumerate(f, 1):
                m = include_re.match(line)
                if not m:
                    continue
                base = os.path.basename(m.group(1))
                if base not in headers:
                    continue          # config.h and other generated or outside headers
                target = folder_of(headers[base][0])
                if target == folder or target in allowed:
                    continue
                if target.startswith('core/') and 'core' in allowed:
                    continue
                problems.append(f'{rel}:{lineno}: {folder} may not use {target} ({base})')

    if not quiet:
        for p in problems:
            print(p)
        print(f'{len(files)} files checked, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
