/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-format.c: numbers as every page shows them
 *
 * One formatter for the counts the user reads (keys, fields, members, a
 * server's databases), so that the Keys and Server pages never show the same
 * number in two ways.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "kh-format.h"

char *
kh_format_count (guint64 n)
{
  const char *sep = localeconv ()->thousands_sep;
  char digits[32];
  GString *out = g_string_new (NULL);
  gsize len;

  if (sep == NULL || *sep == '\0')
    sep = ",";
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, n);
  len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}
