/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-number.c: decimal numbers in server replies, read strictly
 *
 * GLib's g_ascii_string_to_unsigned() and _signed() reject trailing text but,
 * like strtoull(), skip leading white space, including a vertical tab, and
 * accept a '+'. A number in INFO or CLIENT LIST is only digits, after a '-'
 * where it may be negative: anything else is malformed and must be reported
 * as such, not read as a number.
 */
#include "kh-number.h"

/**
 * kh_number_parse_uint64:
 * @text: (nullable): the text
 * @max: the largest value allowed
 * @out: (out) (optional): where the value goes
 *
 * Returns: TRUE if @text is one or more decimal digits and nothing else, for
 * a value of at most @max
 */
gboolean
kh_number_parse_uint64 (const char *text,
                        guint64     max,
                        guint64    *out)
{
  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  return g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

/**
 * kh_number_parse_int64:
 * @text: (nullable): the text
 * @min: the smallest value allowed
 * @max: the largest value allowed
 * @out: (out) (optional): where the value goes
 *
 * Returns: TRUE if @text is decimal digits, after an optional '-', and
 * nothing else, for a value from @min to @max
 */
gboolean
kh_number_parse_int64 (const char *text,
                       gint64      min,
                       gint64      max,
                       gint64     *out)
{
  if (text == NULL)
    return FALSE;
  if (!g_ascii_isdigit (text[0]) && !(text[0] == '-' && g_ascii_isdigit (text[1])))
    return FALSE;
  return g_ascii_string_to_signed (text, 10, min, max, out, NULL);
}
