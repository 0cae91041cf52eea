#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the shortcuts window lists every keyboard shortcut the sources define.

Finds the accelerators set in src/ (gtk_widget_class_add_binding*,
gtk_application_set_accels_for_action arrays, shortcut triggers, "accel" menu
attributes, and the keys a "key-pressed" handler switches on) and fails, naming
file and line, for each one that no GtkShortcutsShortcut in HELP_OVERLAY shows.
Entries in the window that match nothing in the sources are reported as warnings.

Usage: check-shortcuts.py SOURCE_ROOT [HELP_OVERLAY]
"""

import html
import os
import re
import sys
import xml.etree.ElementTree as ET

# Modifier names as GTK accelerators and GDK masks spell them, to one spelling.
# <Primary> is Control on Linux and Windows, Command on macOS: the same shortcut.
ACCEL_MODIFIERS = {
    "primary": "ctrl", "control": "ctrl", "ctrl": "ctrl", "ctl": "ctrl",
    "shift": "shift", "shft": "shift",
    "alt": "alt", "mod1": "alt",
    "super": "super", "meta": "meta", "hyper": "hyper",
}
MASK_MODIFIERS = {
    "GDK_CONTROL_MASK": "ctrl",
    "GDK_SHIFT_MASK": "shift",
    "GDK_ALT_MASK": "alt",
    "GDK_SUPER_MASK": "super",
    "GDK_META_MASK": "meta",
    "GDK_HYPER_MASK": "hyper",
}
# Keypad twins do the same as the main keys and are not listed separately.
KEY_ALIASES = {
    "KP_Delete": "Delete", "KP_Up": "Up", "KP_Down": "Down", "KP_Left": "Left",
    "KP_Right": "Right", "KP_Enter": "Return", "KP_Home": "Home", "KP_End": "End",
    "KP_Page_Up": "Page_Up", "KP_Page_Down": "Page_Down", "KP_Tab": "Tab",
    "ISO_Left_Tab": "Tab",
}

BINDING = re.compile(
    r"gtk_widget_class_add_binding(?:_action|_signal)?\s*\(\s*\w+\s*,\s*"
    r"GDK_KEY_(\w+)\s*,\s*([^,]+?)\s*,", re.S)
ACCEL_ARRAY = re.compile(r"\*\s*\w*accels?\w*\s*\[\s*\]\s*=\s*\{([^}]*)\}", re.S)
SET_ACCELS_INLINE = re.compile(r"set_accels_for_action\s*\([^;]*?\{([^}]*)\}", re.S)
PARSE_TRIGGER = re.compile(r"gtk_shortcut_trigger_parse_string\s*\(\s*\"([^\"]+)\"")
KEYVAL_TRIGGER = re.compile(r"gtk_keyval_trigger_new\s*\(\s*GDK_KEY_(\w+)\s*,\s*([^)]+?)\s*\)", re.S)
STRING = re.compile(r"\"([^\"]*)\"")
UI_TRIGGER = re.compile(r"<property\s+name=\"trigger\"[^>]*>([^<]+)</property>")
UI_ACCEL = re.compile(r"<attribute\s+name=\"accel\"[^>]*>([^<]+)</attribute>")
KEY_CASE = re.compile(r"case\s+GDK_KEY_(\w+)\s*:|keyval\s*==\s*GDK_KEY_(\w+)")
ACCEL_TOKEN = re.compile(r"<([A-Za-z0-9]+)>")
# Set by GTK itself, not by our sources: GtkApplication's win.show-help-overlay.
GTK_OWN = {"<Primary>question"}


class Bad(Exception):
    pass


def normalize_key(name):
    name = KEY_ALIASES.get(name, name)
    # GTK lowercases letters when it parses an accelerator.
    return name.lower() if len(name) == 1 else name


def from_accel(text):
    """'<Primary><Shift>e' -> (frozenset({'ctrl', 'shift'}), 'e')"""
    mods = set()
    pos = 0
    for m in ACCEL_TOKEN.finditer(text):
        if m.start() != pos:
            raise Bad(f"cannot read accelerator {text!r}")
        mod = ACCEL_MODIFIERS.get(m.group(1).lower())
        if mod is None:
            raise Bad(f"unknown modifier <{m.group(1)}> in {text!r}")
        mods.add(mod)
        pos = m.end()
    key = text[pos:]
    if not re.fullmatch(r"[A-Za-z0-9_]+", key):
        raise Bad(f"cannot read accelerator {text!r}")
    return frozenset(mods), normalize_key(key)


def from_mask(key, mask):
    mods = set()
    for part in re.split(r"\s*\|\s*", mask.strip().strip("()")):
        if part in ("0", "GDK_NO_MODIFIER_MASK"):
            continue
        if part not in MASK_MODIFIERS:
            raise Bad(f"unknown modifier mask {part!r}")
        mods.add(MASK_MODIFIERS[part])
    return frozenset(mods), normalize_key(key)


def show(shortcut):
    mods, key = shortcut
    order = ["ctrl", "shift", "alt", "super", "meta", "hyper"]
    return "".join(f"<{m.capitalize()}>" for m in order if m in mods) + key


def line_of(text, offset):
    return text.count("\n", 0, offset) + 1


def accel_strings(block):
    return [s for s in STRING.findall(block) if s]


def scan_c(path, text):
    found = []
    for m in BINDING.finditer(text):
        found.append((from_mask(m.group(1), m.group(2)), line_of(text, m.start())))
    for pattern in (ACCEL_ARRAY, SET_ACCELS_INLINE):
        for m in pattern.finditer(text):
            for s in accel_strings(m.group(1)):
                found.append((from_accel(s), line_of(text, m.start())))
    for m in PARSE_TRIGGER.finditer(text):
        for alternative in m.group(1).split("|"):
            found.append((from_accel(alternative), line_of(text, m.start())))
    for m in KEYVAL_TRIGGER.finditer(text):
        found.append((from_mask(m.group(1), m.group(2)), line_of(text, m.start())))
    # Keys a key-pressed handler acts on are shortcuts too (the console's Tab, Up, Down).
    if "\"key-pressed\"" in text:
        for m in KEY_CASE.finditer(text):
            found.append((from_accel(m.group(1) or m.group(2)), line_of(text, m.start())))
    return found


def scan_ui(path, text):
    found = []
    for pattern in (UI_TRIGGER, UI_ACCEL):
        for m in pattern.finditer(text):
            for alternative in html.unescape(m.group(1)).split("|"):
                found.append((from_accel(alternative.strip()), line_of(text, m.start())))
    return found


def defined_shortcuts(src_dir, overlay_path):
    shortcuts = {}
    for root, dirs, files in os.walk(src_dir):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if os.path.abspath(path) == os.path.abspath(overlay_path):
                continue
            if name.endswith(".c"):
                scan = scan_c
            elif name.endswith(".ui"):
                scan = scan_ui
            else:
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            try:
                for shortcut, line in scan(path, text):
                    shortcuts.setdefault(shortcut, []).append(f"{path}:{line}")
            except Bad as e:
                raise Bad(f"{path}: {e}") from None
    return shortcuts


def listed_shortcuts(overlay_path):
    tree = ET.parse(overlay_path)
    listed = {}
    for obj in tree.iter("object"):
        if obj.get("class") != "GtkShortcutsShortcut":
            continue
        title = ""
        for prop in obj.findall("property"):
            if prop.get("name") == "title":
                title = prop.text or ""
        for prop in obj.findall("property"):
            if prop.get("name") != "accelerator" or not prop.text:
                continue
            for alternative in prop.text.split():
                listed.setdefault(from_accel(alternative), []).append(title)
    return listed


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    overlay = sys.argv[2] if len(sys.argv) == 3 else os.path.join(root, "src", "ui", "gtk", "help-overlay.ui")

    try:
        defined = defined_shortcuts(os.path.join(root, "src"), overlay)
        listed = listed_shortcuts(overlay)
    except (Bad, OSError, ET.ParseError) as e:
        print(f"FAIL: {e}")
        return 1

    if not defined:
        print("FAIL: found no shortcuts in the sources: the patterns no longer match them")
        return 1

    status = 0
    for shortcut in sorted(defined, key=show):
        if shortcut not in listed:
            where = ", ".join(os.path.relpath(p, root) for p in defined[shortcut])
            print(f"FAIL: {show(shortcut)} ({where}) is not in {os.path.relpath(overlay, root)}")
            status = 1
    gtk_own = {from_accel(a) for a in GTK_OWN}
    for shortcut in sorted(listed, key=show):
        if shortcut not in defined and shortcut not in gtk_own:
            print(f"warning: {show(shortcut)} ({', '.join(listed[shortcut])}) is listed but "
                  "not set in the sources")

    if status == 0:
        print(f"ok: all {len(defined)} shortcuts set in the sources are in the shortcuts window")
    return status


if __name__ == "__main__":
    sys.exit(main())
