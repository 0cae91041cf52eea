/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-console-view-format.c: replies as the console shows them, as
 * redis-cli prints them (raw for a few commands), cut to
 * KH_CONSOLE_VIEW_MAX_REPLY_BYTES with a note */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-command-info.h"
#include "kh-console-view-private.h"
#include "kh-reply-format.h"

/* Whose text replies redis-cli prints raw, as a block of lines. */
static const char * const raw_reply_commands[] = {
  "INFO", "CLIENT LIST", "CLIENT INFO", "CLUSTER INFO", "CLUSTER NODES", "LATENCY DOCTOR",
  "MEMORY DOCTOR", "MEMORY MALLOC-STATS", "LOLWUT",
};

static gsize
reply_size (const KhReply *reply)
{
  gsize size = 0;

  if (reply == NULL)
    return 0;
  switch (reply->kind)
    {
    case KH_REPLY_STRING:
    case KH_REPLY_STATUS:
    case KH_REPLY_ERROR:
      return reply->len;
    case KH_REPLY_ARRAY:
      for (gsize i = 0; i < reply->len; i++)
        size += reply_size (reply->element[i]) + 1;
      return size;
    case KH_REPLY_INTEGER:
    case KH_REPLY_NIL:
    default:
      return 8;
    }
}

/* A copy of @reply holding about @budget bytes at most. */
static KhReply *
clip_reply (const KhReply *reply,
            gsize         *budget)
{
  KhReply *copy;
  gsize n;

  switch (reply->kind)
    {
    case KH_REPLY_STRING:
      n = MIN (reply->len, *budget);
      *budget -= n;
      return kh_reply_new_string (reply->str, n);

    case KH_REPLY_STATUS:
    case KH_REPLY_ERROR:
      {
        g_autofree char *text = g_strndup (reply->str, MIN (reply->len, *budget));

        *budget -= strlen (text);
        return reply->kind == KH_REPLY_STATUS ? kh_reply_new_status (text) : kh_reply_new_error (text);
      }

    case KH_REPLY_ARRAY:
      n = 0;
      while (n < reply->len && *budget > 0)
        {
          gsize cost = reply_size (reply->element[n]) + 1;

          n++;
          *budget = cost > *budget ? 0 : *budget - cost;
        }
      copy = kh_reply_new_array (n);
      {
        gsize inner = KH_CONSOLE_VIEW_MAX_REPLY_BYTES;

        for (gsize i = 0; i < n; i++)
          copy->element[i] = reply->element[i] != NULL ? clip_reply (reply->element[i], &inner)
                                                       : kh_reply_new_nil ();
      }
      return copy;

    case KH_REPLY_INTEGER:
      return kh_reply_new_integer (reply->integer);

    case KH_REPLY_NIL:
    default:
      return kh_reply_new_nil ();
    }
}

static gboolean
command_replies_raw (const KhCommand *command)
{
  const char *name = kh_command_info_lookup_name (command);

  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (raw_reply_commands); i++)
    if (g_str_equal (name, raw_reply_commands[i]))
      return TRUE;
  return FALSE;
}

/* The reply as redis-cli shows it, cut to the display limit with a note. */
char *
kh_console_format_reply (const KhReply   *reply,
                         const KhCommand *command,
                         gboolean        *truncated)
{
  g_autoptr(KhReply) clipped = NULL;
  g_autofree char *text = NULL;
  gsize size = reply_size (reply);
  const KhReply *shown = reply;
  gsize len;

  *truncated = FALSE;
  if (size > KH_CONSOLE_VIEW_MAX_REPLY_BYTES)
    {
      gsize budget = KH_CONSOLE_VIEW_MAX_REPLY_BYTES;

      clipped = clip_reply (reply, &budget);
      shown = clipped;
      *truncated = TRUE;
    }

  if (kh_reply_is_string (shown) && command_replies_raw (command))
    {
      g_autofree char *raw = kh_reply_format_raw (shown);
      g_auto(GStrv) lines = g_strsplit (raw, "\r\n", -1);

      text = g_strjoinv ("\n", lines);
      while (*text != '\0' && text[strlen (text) - 1] == '\n')
        text[strlen (text) - 1] = '\0';
    }
  else
    text = kh_reply_format_cli (shown);

  len = strlen (text);
  if (len > KH_CONSOLE_VIEW_MAX_REPLY_BYTES)
    {
      const char *cut = text + KH_CONSOLE_VIEW_MAX_REPLY_BYTES;

      /* Cut on a character boundary. */
      while (cut > text && ((guchar) *cut & 0xc0) == 0x80)
        cut--;
      text[cut - text] = '\0';
      *truncated = TRUE;
    }

  if (*truncated)
    {
      g_autofree char *total = g_format_size (size);
      g_autofree char *limit = g_format_size (KH_CONSOLE_VIEW_MAX_REPLY_BYTES);
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      /* Translators: the first %s is a size such as "1.0 MB", the second "24.3 MB" */
      return g_strdup_printf (_("%s\n… the display stops at %s of this %s reply"), valid, limit, total);
    }
  return g_utf8_make_valid (text, -1);
}
