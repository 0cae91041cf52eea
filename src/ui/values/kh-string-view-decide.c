/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-string-view-decide.c: deciding how a string value is shown
 *
 * Text, a number, JSON or a hex dump; in the editor or, when large or with
 * very long lines, read-only in a KhLargeTextView. Decided from the bytes
 * alone, apart from the widgets, so that kh-string-view.c can look at a large
 * value in a thread and only show the result on the main loop.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kh-string-view-private.h"
#include "kh-value-decode.h"
#include "kh-value-string.h"
#include "kh-value-text.h"

/* Longest text taken for a number */
#define NUMBER_MAX_LENGTH 64
/* Longer values are shown read-only in a KhLargeTextView */
#define EDIT_MAX_BYTES KH_VALUE_STRING_THRESHOLD

/* How many of the first @len bytes make whole UTF-8 characters: a prefix
 * may end inside one. */
static gsize
whole_characters (const guint8 *data,
                  gsize         len)
{
  gsize end = len;

  for (guint back = 0; back < 4 && end > 0; back++)
    {
      guint8 c = data[end - 1];

      if (c < 0x80)
        break;
      end--;
      if ((c & 0xc0) == 0xc0)
        {
          gsize need = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;

          return len - end >= need ? len : end;
        }
    }
  return end == 0 ? len : (data[end - 1] < 0x80 ? len : end);
}

static gboolean
parse_number (const char *text,
              gsize       len,
              gboolean   *is_integer)
{
  char *end = NULL;
  double number;

  if (len == 0 || len > NUMBER_MAX_LENGTH)
    return FALSE;
  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, NULL, NULL))
    {
      *is_integer = TRUE;
      return text[0] != '+';
    }
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]) && strchr ("+-.eE", text[i]) == NULL)
      return FALSE;
  number = g_ascii_strtod (text, &end);
  *is_integer = FALSE;
  return end == text + len && isfinite (number);
}

void
_kh_string_view_shown_free (Shown *shown)
{
  g_free (shown->text);
  g_clear_pointer (&shown->large_text, g_bytes_unref);
  g_free (shown);
}

Shown *
_kh_string_view_decide_shown (GBytes   *value,
                              gboolean  truncated,
                              guint     hex_bytes_per_row)
{
  Shown *shown = g_new0 (Shown, 1);
  gsize len;
  const guint8 *data = g_bytes_get_data (value, &len);
  gboolean large = truncated || len > EDIT_MAX_BYTES;

  shown->format = kh_value_decode_detect (data, len);
  if (truncated)
    {
      gsize n = whole_characters (data, len);

      if (n > 0 && kh_value_decode_is_printable (data, n))
        {
          shown->mode = KH_STRING_VIEW_TEXT;
          shown->large_text = g_bytes_new_from_bytes (value, 0, n);
        }
      else
        shown->mode = KH_STRING_VIEW_HEX;
    }
  else if (shown->format == KH_VALUE_FORMAT_JSON &&
           (shown->text = kh_value_decode_json_pretty (data, len, NULL, NULL, NULL)) != NULL)
    {
      shown->mode = KH_STRING_VIEW_JSON;
      shown->language = "json";
      if (!large)
        {
          g_autoptr(GBytes) compact = kh_value_encode_json (data, len, TRUE, NULL);

          /* Keep the value stored as it was: compact stays compact */
          shown->compact_json = compact != NULL && g_bytes_equal (compact, value);
        }
    }
  else if (shown->format == KH_VALUE_FORMAT_TEXT || shown->format == KH_VALUE_FORMAT_EMPTY ||
           shown->format == KH_VALUE_FORMAT_BASE64)
    {
      shown->mode = KH_STRING_VIEW_TEXT;
      if (large)
        /* Shown as it is: not copied */
        shown->large_text = g_bytes_ref (value);
      else
        {
          shown->text = g_strndup ((const char *) data, len);
          if (parse_number (shown->text, len, &shown->is_integer))
            shown->mode = KH_STRING_VIEW_NUMBER;
        }
    }
  else
    shown->mode = KH_STRING_VIEW_HEX;

  if (shown->mode == KH_STRING_VIEW_HEX)
    {
      g_free (shown->text);
      shown->text = kh_string_view_hex_dump (data, len, hex_bytes_per_row);
    }
  else if (shown->text != NULL && (large || kh_value_text_has_long_line (shown->text)))
    {
      /* The editor would lay out a long line for seconds */
      gsize n = strlen (shown->text);

      shown->long_lines = !large;
      shown->large_text = g_bytes_new_take (g_steal_pointer (&shown->text), n);
    }
  return shown;
}
