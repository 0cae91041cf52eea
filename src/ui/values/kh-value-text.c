/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-text.c: values as text: escaping bytes that are not text, cells,
 * counts, and the text views' style
 */
#include "config.h"

#include <string.h>

#include "kh-format.h"
#include "kh-key-item.h"
#include "kh-value-decode.h"
#include "kh-value-text.h"

/* Bytes of a value shown in one cell */
#define CELL_MAX_BYTES 300

char *
kh_value_format_bytes (GBytes   *bytes,
                       gboolean *escaped)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  if (data == NULL || len == 0)
    {
      if (escaped != NULL)
        *escaped = FALSE;
      return g_strdup ("");
    }
  if (kh_value_decode_is_printable ((const guint8 *) data, len))
    {
      if (escaped != NULL)
        *escaped = FALSE;
      return g_strndup (data, len);
    }
  if (escaped != NULL)
    *escaped = TRUE;
  return kh_key_escape (data, len);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

GBytes *
kh_value_parse_text (const char *text,
                     gboolean    escaped)
{
  GByteArray *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (!escaped)
    return g_bytes_new (text, strlen (text));

  out = g_byte_array_new ();
  for (const char *p = text; *p != '\0'; p++)
    {
      guint8 c = (guint8) *p;

      if (p[0] == '\\' && p[1] == '\\')
        p++;
      else if (p[0] == '\\' && p[1] == 'x' && hex_value (p[2]) >= 0 && hex_value (p[3]) >= 0)
        {
          c = (guint8) (hex_value (p[2]) * 16 + hex_value (p[3]));
          p += 3;
        }
      g_byte_array_append (out, &c, 1);
    }
  return g_byte_array_free_to_bytes (out);
}

/* Pieces of a long line */
#define LONG_LINE_PIECE 4096

gboolean
kh_value_text_has_long_line (const char *text)
{
  gsize line = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      line = *p == '\n' ? 0 : line + 1;
      if (line > KH_VALUE_LONG_LINE)
        return TRUE;
    }
  return FALSE;
}

char *
kh_value_text_break_lines (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + strlen (text) / LONG_LINE_PIECE + 1);
  gsize line = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        line = 0;
      else if (++line > LONG_LINE_PIECE)
        {
          g_string_append_c (out, '\n');
          line = 1;
        }
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

char *
kh_value_format_cell (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  gsize shown = MIN (len, CELL_MAX_BYTES);
  g_autofree char *escaped = NULL;

  if (data == NULL)
    return g_strdup ("");
  /* Cut at a character boundary when the value is text */
  while (shown < len && shown > 0 && ((guint8) data[shown] & 0xc0) == 0x80)
    shown--;
  escaped = kh_key_escape (data, shown);
  if (shown < len)
    return g_strconcat (escaped, "…", NULL);
  return g_steal_pointer (&escaped);
}

char *
kh_value_format_count (guint64 n)
{
  return kh_format_count (n);
}

char *
kh_value_format_size (guint64 bytes)
{
  return g_format_size (bytes);
}

static void
apply_style (AdwStyleManager *manager,
             GParamSpec      *pspec,
             GtkSourceBuffer *buffer)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, id);

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
}

void
kh_value_source_buffer_follow_style (GtkSourceBuffer *buffer)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  g_return_if_fail (GTK_SOURCE_IS_BUFFER (buffer));

  apply_style (manager, NULL, buffer);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (apply_style), buffer, 0);
}

static void
on_text_inserted (GtkTextBuffer *buffer,
                  GtkTextIter   *location,
                  const char    *text,
                  int            len,
                  GtkTextTag    *tag)
{
  GtkTextIter start = *location;

  gtk_text_iter_backward_chars (&start, (int) g_utf8_strlen (text, len));
  gtk_text_buffer_apply_tag (buffer, tag, &start, location);
}

void
kh_value_text_buffer_without_hyphens (GtkTextBuffer *buffer)
{
  GtkTextTag *tag;
  GtkTextIter start, end;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  tag = gtk_text_buffer_create_tag (buffer, NULL, "insert-hyphens", FALSE, NULL);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
  /* After the buffer's own handler, @location is past the new text */
  g_signal_connect_data (buffer, "insert-text", G_CALLBACK (on_text_inserted), g_object_ref (tag),
                         (GClosureNotify) (void (*) (void)) g_object_unref, G_CONNECT_AFTER);
}
