#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the translations in po/: every language in LINGUAS has a .po file and
# every .po file is in LINGUAS; each compiles with `msgfmt --check` (format
# specifiers, plural forms, header); and each is measured against the strings
# the sources have now (a fresh xgettext run, merged with msgmerge), so a new
# string nobody translated yet is noticed.
#
# A .po file with untranslated or fuzzy entries of its own fails: whoever
# merges new strings into it (keyhole-update-po) translates them too. Strings
# the sources have but the .po file does not yet are a warning, so adding a
# string never breaks CI; with KH_REQUIRE_COMPLETE_TRANSLATIONS=1 (the release
# check) they fail as well.
# Usage: check-translations.sh [SOURCE_ROOT]
set -euo pipefail

root=${1:-$(dirname "$0")/..}
cd "$root"

if ! command -v msgfmt >/dev/null; then
  echo "msgfmt is not installed (gettext)"
  exit 77
fi

require_complete=${KH_REQUIRE_COMPLETE_TRANSLATIONS:-0}
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

languages=$(sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' po/LINGUAS)

for po in po/*.po; do
  [ -e "$po" ] || continue
  lang=$(basename "$po" .po)
  if ! grep -qxF -- "$lang" <<<"$languages"; then
    echo "FAIL: $po exists but $lang is not in po/LINGUAS, so it is never built"
    status=1
  fi
done

# The same extraction as meson's glib preset (i18n.gettext, keyhole-pot).
pot="$tmp/keyhole.pot"
have_pot=0
if command -v xgettext >/dev/null && command -v msgmerge >/dev/null; then
  if xgettext --package-name=keyhole --from-code=UTF-8 --add-comments \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
       --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
       --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
       --flag=g_markup_printf_escaped:1:c-format --flag=g_printf:1:c-format \
       --directory=. --files-from=po/POTFILES.in --output="$pot" 2>"$tmp/xgettext.log"; then
    have_pot=1
  else
    echo "warning: xgettext failed, completeness not measured:"
    cat "$tmp/xgettext.log"
  fi
else
  echo "warning: xgettext or msgmerge is not installed, completeness not measured"
fi

for lang in $languages; do
  po="po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "FAIL: po/LINGUAS lists $lang but $po does not exist"
    status=1
    continue
  fi

  if ! stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
    echo "FAIL: $po does not compile:"
    echo "$stats"
    status=1
    continue
  fi
  echo "$po: $stats"

  # A fuzzy translation is never shown, an empty one shows English.
  own=$(LC_ALL=C msgfmt --statistics -o /dev/null "$po" 2>&1)
  own_fuzzy=$(sed -n 's/.* \([0-9][0-9]*\) fuzzy translation.*/\1/p' <<<"$own")
  own_untranslated=$(sed -n 's/.* \([0-9][0-9]*\) untranslated message.*/\1/p' <<<"$own")
  if [ $(( ${own_fuzzy:-0} + ${own_untranslated:-0} )) -gt 0 ]; then
    echo "FAIL: $po has ${own_fuzzy:-0} fuzzy and ${own_untranslated:-0} untranslated entries; translate them:"
    msgattrib --only-fuzzy --no-obsolete "$po" | sed -n 's/^msgid "\(..*\)"$/  fuzzy: \1/p' | head -n 20
    msgattrib --untranslated --no-obsolete "$po" | sed -n 's/^msgid "\(..*\)"$/  untranslated: \1/p' | head -n 20
    status=1
  fi

  if [ $have_pot -eq 1 ]; then
    merged="$tmp/$lang.po"
    msgmerge --quiet --previous -o "$merged" "$po" "$pot"
    # The merge takes the c-format flags from the sources, so a translation
    # whose flag was lost is still checked against its format string.
    if ! current=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$merged" 2>&1); then
      echo "FAIL: $po does not match the format strings of the current sources:"
      echo "$current"
      status=1
      continue
    fi
    # msgmerge turns a translation fuzzy when its format does not match the
    # source's: msgfmt would still compile the original, so that is an error.
    msgattrib --only-fuzzy --no-obsolete -o "$tmp/$lang.fuzzy.po" "$merged"
    msgattrib --translated --no-fuzzy --no-obsolete -o "$tmp/$lang.done.po" "$po"
    if [ -s "$tmp/$lang.fuzzy.po" ] && [ -s "$tmp/$lang.done.po" ]; then
      msgcomm --more-than=1 --no-location -o "$tmp/$lang.bad.po" "$tmp/$lang.fuzzy.po" "$tmp/$lang.done.po"
      if [ -s "$tmp/$lang.bad.po" ] && grep -q '^msgid "..*"' "$tmp/$lang.bad.po"; then
        echo "FAIL: translations in $po do not keep the format specifiers of their source strings:"
        grep '^msgid "..*"' "$tmp/$lang.bad.po"
        status=1
        continue
      fi
    fi
    fuzzy=$(sed -n 's/.* \([0-9][0-9]*\) fuzzy translation.*/\1/p' <<<"$current")
    untranslated=$(sed -n 's/.* \([0-9][0-9]*\) untranslated message.*/\1/p' <<<"$current")
    missing=$(( ${fuzzy:-0} + ${untranslated:-0} ))
    if [ $missing -gt 0 ]; then
      echo "$lang against the current sources: $current"
      echo "  run: meson compile -C BUILD keyhole-update-po, then translate the empty and fuzzy entries of $po"
      if [ "$require_complete" = 1 ]; then
        echo "FAIL: $po is missing $missing translations (KH_REQUIRE_COMPLETE_TRANSLATIONS=1)"
        status=1
      else
        echo "warning: $po is missing $missing translations"
      fi
    fi
  fi
done

if [ $status -eq 0 ]; then
  echo "ok: every translation compiles"
fi
exit $status
