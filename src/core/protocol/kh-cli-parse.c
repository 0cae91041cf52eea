/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-cli-parse.c: command lines typed the way redis-cli reads them */
#include "config.h"

#include "kh-cli-parse.h"

#include <glib/gi18n-lib.h>

#include "kh-error.h"

static gboolean
kh_cli_is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* 1-based column of @pos in @line, in characters when the text before it is
 * UTF-8 (what the user sees), in bytes otherwise. */
static glong
kh_cli_column (const char *line,
               const char *pos)
{
  if (g_utf8_validate (line, pos - line, NULL))
    return g_utf8_pointer_to_offset (line, pos) + 1;
  return (glong) (pos - line) + 1;
}

static char
kh_cli_unescape (char c)
{
  switch (c)
    {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'a': return '\a';
    default:  return c;   /* \\ and \" and any other escaped character stand for themselves */
    }
}

/* A closing quote ends the argument, so what follows must end it too. */
static gboolean
kh_cli_check_after_quote (const char  *line,
                          const char  *closing,
                          GError     **error)
{
  if (closing[1] == '\0' || kh_cli_is_blank (closing[1]))
    return TRUE;

  g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
               _("Closing quote must be followed by a space (column %ld)"),
               kh_cli_column (line, closing + 1));
  return FALSE;
}

KhCommand *
kh_cli_parse_line (const char  *line,
                   GError     **error)
{
  g_autoptr(KhCommand) command = NULL;
  g_autoptr(GByteArray) arg = NULL;
  const char *p = line;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  arg = g_byte_array_new ();

  for (;;)
    {
      enum { PLAIN, DOUBLE_QUOTED, SINGLE_QUOTED } state = PLAIN;
      const char *opening = NULL;
      gboolean done = FALSE;

      while (kh_cli_is_blank (*p))
        p++;
      if (*p == '\0')
        break;

      g_byte_array_set_size (arg, 0);

      while (!done)
        {
          guint8 byte;

          if (state == PLAIN)
            {
              if (*p == '\0' || kh_cli_is_blank (*p))
                {
                  done = TRUE;
                  continue;
                }
              if (*p == '"' || *p == '\'')
                {
                  /* A quote inside a word opens a quoted part of that word */
                  state = *p == '"' ? DOUBLE_QUOTED : SINGLE_QUOTED;
                  opening = p++;
                  continue;
                }
              byte = (guint8) *p++;
            }
          else if (*p == '\0')
            {
              g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           state == DOUBLE_QUOTED
                             ? _("Unbalanced double quote at column %ld")
                             : _("Unbalanced single quote at column %ld"),
                           kh_cli_column (line, opening));
              return NULL;
            }
          else if (state == DOUBLE_QUOTED)
            {
              if (p[0] == '\\' && p[1] == 'x' &&
                  g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
                {
                  byte = (guint8) (g_ascii_xdigit_value (p[2]) * 16 + g_ascii_xdigit_value (p[3]));
                  p += 4;
                }
              else if (p[0] == '\\' && p[1] != '\0')
                {
                  byte = (guint8) kh_cli_unescape (p[1]);
                  p += 2;
                }
              else if (p[0] == '"')
                {
                  if (!kh_cli_check_after_quote (line, p, error))
                    return NULL;
                  p++;
                  done = TRUE;
                  continue;
                }
              else
                byte = (guint8) *p++;
            }
          else /* SINGLE_QUOTED */
            {
              if (p[0] == '\\' && p[1] == '\'')
                {
                  byte = '\'';
                  p += 2;
                }
              else if (p[0] == '\'')
                {
                  if (!kh_cli_check_after_quote (line, p, error))
                    return NULL;
                  p++;
                  done = TRUE;
                  continue;
                }
              else
                byte = (guint8) *p++;
            }

          g_byte_array_append (arg, &byte, 1);
        }

      if (command == NULL)
        command = kh_command_new (NULL);
      kh_command_add_len (command, arg->data, arg->len);
    }

  return g_steal_pointer (&command);
}

/* Whether @data can be typed bare: no blanks, quotes or unprintable bytes. */
static gboolean
kh_cli_needs_quotes (const guchar *data,
                     gsize         len)
{
  if (len == 0)
    return TRUE;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] <= 0x20 || data[i] >= 0x7f || data[i] == '"' || data[i] == '\'')
        return TRUE;
    }
  return FALSE;
}

void
kh_cli_append_quoted (GString    *out,
                      const char *data,
                      gsize       len)
{
  const guchar *bytes = (const guchar *) data;

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      switch (bytes[i])
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '"':  g_string_append (out, "\\\""); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\a': g_string_append (out, "\\a"); break;
        case '\b': g_string_append (out, "\\b"); break;
        default:
          if (bytes[i] >= 0x20 && bytes[i] < 0x7f)
            g_string_append_c (out, (char) bytes[i]);
          else
            g_string_append_printf (out, "\\x%02x", bytes[i]);
        }
    }
  g_string_append_c (out, '"');
}

char *
kh_cli_quote_arg (const char *data,
                  gsize       len)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (!kh_cli_needs_quotes ((const guchar *) data, len))
    return g_strndup (data, len);

  out = g_string_sized_new (len + 2);
  kh_cli_append_quoted (out, data, len);
  return g_string_free (out, FALSE);
}
