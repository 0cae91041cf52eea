/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-json-depth.c: how deeply a JSON text nests, measured before a parser sees it
 *
 * json-glib's parser recurses once per open bracket, so a file of 100,000 '['
 * overflows a thread's stack and kills the app before any error can be
 * reported. This scan is a loop over the bytes with a counter: it skips the
 * contents of strings (so brackets and escaped quotes inside them do not
 * count) and fails as soon as the nesting passes the limit. It does not
 * validate anything else; the parser that runs afterwards does. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-json-depth.h"

gboolean
kh_json_check_depth (const char  *data,
                     gsize        len,
                     guint        max_depth,
                     GError     **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;  /* the escaped byte, whatever it is, cannot end the string */
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           _("it nests lists and objects more than %u levels deep"), max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          /* An unbalanced close is the parser's to report. */
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}
