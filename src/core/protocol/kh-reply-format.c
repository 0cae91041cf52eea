/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-reply-format.c: replies printed the way redis-cli prints them */
#include "kh-reply-format.h"

#include "kh-cli-parse.h"

static guint
kh_reply_format_digits (gsize n)
{
  guint digits = 1;

  while (n >= 10)
    {
      n /= 10;
      digits++;
    }
  return digits;
}

/* Appends @reply ending with a newline. Every line after the first starts
 * with @indent spaces, so a nested array lines up after its parent's index. */
static void
kh_reply_format_cli_append (GString       *out,
                            const KhReply *reply,
                            gsize          indent)
{
  if (reply == NULL)
    {
      g_string_append (out, "(nil)\n");
      return;
    }

  switch (reply->kind)
    {
    case KH_REPLY_STRING:
      kh_cli_append_quoted (out, reply->str, reply->len);
      g_string_append_c (out, '\n');
      break;

    case KH_REPLY_STATUS:
      g_string_append_len (out, reply->str, reply->len);
      g_string_append_c (out, '\n');
      break;

    case KH_REPLY_ERROR:
      g_string_append (out, "(error) ");
      g_string_append_len (out, reply->str, reply->len);
      g_string_append_c (out, '\n');
      break;

    case KH_REPLY_INTEGER:
      g_string_append_printf (out, "(integer) %" G_GINT64_FORMAT "\n", reply->integer);
      break;

    case KH_REPLY_NIL:
      g_string_append (out, "(nil)\n");
      break;

    case KH_REPLY_ARRAY:
      if (reply->len == 0)
        {
          g_string_append (out, "(empty array)\n");
          break;
        }
      else
        {
          /* Indices are right-aligned to the widest one: " 9) " then "10) " */
          guint width = kh_reply_format_digits (reply->len);
          gsize child_indent = indent + width + 2;

          for (gsize i = 0; i < reply->len; i++)
            {
              if (i > 0)
                {
                  for (gsize j = 0; j < indent; j++)
                    g_string_append_c (out, ' ');
                }
              g_string_append_printf (out, "%*" G_GSIZE_FORMAT ") ", (int) width, i + 1);
              kh_reply_format_cli_append (out, reply->element[i], child_indent);
            }
        }
      break;

    default:
      g_string_append (out, "(unknown reply)\n");
      break;
    }
}

char *
kh_reply_format_cli (const KhReply *reply)
{
  GString *out = g_string_new (NULL);

  kh_reply_format_cli_append (out, reply, 0);
  if (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static void
kh_reply_format_raw_append (GString       *out,
                            const KhReply *reply)
{
  if (reply == NULL)
    return;

  switch (reply->kind)
    {
    case KH_REPLY_STRING:
    case KH_REPLY_STATUS:
    case KH_REPLY_ERROR:
      if (reply->str != NULL)
        g_string_append_len (out, reply->str, reply->len);
      break;

    case KH_REPLY_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, reply->integer);
      break;

    case KH_REPLY_NIL:
      break;

    case KH_REPLY_ARRAY:
      /* Nested arrays flatten: each leaf gets its own line */
      for (gsize i = 0; i < reply->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, '\n');
          kh_reply_format_raw_append (out, reply->element[i]);
        }
      break;

    default:
      break;
    }
}

char *
kh_reply_format_raw (const KhReply *reply)
{
  GString *out = g_string_new (NULL);

  kh_reply_format_raw_append (out, reply);
  return g_string_free (out, FALSE);
}

GBytes *
kh_reply_format_raw_bytes (const KhReply *reply)
{
  GString *out = g_string_new (NULL);

  kh_reply_format_raw_append (out, reply);
  return g_string_free_to_bytes (out);
}
