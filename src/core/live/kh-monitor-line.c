/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-monitor-line.c: one line of MONITOR output, parsed
 *
 * The server writes "<seconds>.<microseconds> [<db> <client>] <args>", the
 * client being "lua", "unix:<path>" or a peer address ("[::1]:5000" for IPv6),
 * and each argument in double quotes with the escapes redis-cli reads back.
 */
#include "config.h"

#include "kh-monitor-line.h"

#include <string.h>

#include "kh-cli-parse.h"
#include "kh-error.h"
#include "kh-glob.h"

struct _KhMonitorLine
{
  GObject    parent_instance;

  gint64     time_us;
  guint      database;
  char      *client;
  char      *args_text;
  KhCommand *command;
};

G_DEFINE_FINAL_TYPE (KhMonitorLine, kh_monitor_line, G_TYPE_OBJECT)

static gboolean
parse_digits (const char **p,
              const char  *end,
              guint        max_digits,
              guint64     *value,
              guint       *n_digits)
{
  guint64 v = 0;
  guint n = 0;

  while (*p < end && g_ascii_isdigit (**p) && n < max_digits)
    {
      v = v * 10 + (guint64) (**p - '0');
      (*p)++;
      n++;
    }
  *value = v;
  if (n_digits != NULL)
    *n_digits = n;
  return n > 0;
}

KhMonitorLine *
kh_monitor_line_parse (const char  *text,
                       gsize        len,
                       GError     **error)
{
  g_autoptr(KhMonitorLine) self = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *args = NULL;
  const char *p = text;
  const char *end = text + len;
  const char *client_start, *quote, *client_end;
  guint64 seconds, micros, db;
  guint n_micro_digits;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (!parse_digits (&p, end, 19, &seconds, NULL) || p >= end || *p != '.')
    goto malformed;
  p++;
  if (!parse_digits (&p, end, 6, &micros, &n_micro_digits) || p >= end || *p != ' ')
    goto malformed;
  for (guint i = n_micro_digits; i < 6; i++)
    micros *= 10;
  p++;

  if (p >= end || *p != '[')
    goto malformed;
  p++;
  if (!parse_digits (&p, end, 9, &db, NULL) || p >= end || *p != ' ')
    goto malformed;
  p++;

  /* The client never holds a quote, but an IPv6 peer holds brackets: it ends
   * at the last ']' before the arguments. */
  client_start = p;
  quote = memchr (p, '"', (gsize) (end - p));
  if (quote == NULL)
    quote = end;
  client_end = NULL;
  for (const char *q = quote; q > client_start; q--)
    {
      if (q[-1] == ']')
        {
          client_end = q - 1;
          break;
        }
    }
  if (client_end == NULL || client_end == client_start)
    goto malformed;

  p = client_end + 1;
  while (p < end && *p == ' ')
    p++;

  self = g_object_new (KH_TYPE_MONITOR_LINE, NULL);
  self->time_us = (gint64) (seconds * G_USEC_PER_SEC + micros);
  self->database = (guint) db;
  self->client = g_strndup (client_start, (gsize) (client_end - client_start));
  if (memchr (self->client, '\0', (gsize) (client_end - client_start)) != NULL)
    goto malformed;
  self->args_text = g_strndup (p, (gsize) (end - p));
  if (strlen (self->args_text) != (gsize) (end - p))
    goto malformed;

  self->command = kh_cli_parse_line (self->args_text, &parse_error);
  if (parse_error != NULL)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_PROTOCOL,
                   "The server sent a MONITOR line with malformed arguments: %s",
                   parse_error->message);
      return NULL;
    }
  if (self->command == NULL)
    self->command = kh_command_new (NULL);

  return g_steal_pointer (&self);

malformed:
  g_set_error_literal (error, KH_ERROR, KH_ERROR_PROTOCOL,
                       "The server sent a line that is not MONITOR output");
  return NULL;
}

gint64
kh_monitor_line_get_time_us (KhMonitorLine *self)
{
  g_return_val_if_fail (KH_IS_MONITOR_LINE (self), 0);
  return self->time_us;
}

guint
kh_monitor_line_get_database (KhMonitorLine *self)
{
  g_return_val_if_fail (KH_IS_MONITOR_LINE (self), 0);
  return self->database;
}

const char *
kh_monitor_line_get_client (KhMonitorLine *self)
{
  g_return_val_if_fail (KH_IS_MONITOR_LINE (self), NULL);
  return self->client;
}

const char *
kh_monitor_line_get_command_name (KhMonitorLine *self)
{
  const char *name;

  g_return_val_if_fail (KH_IS_MONITOR_LINE (self), NULL);
  if (kh_command_get_n_args (self->command) == 0)
    return "";
  name = kh_command_get_name (self->command);
  return name != NULL ? name : "";
}

const KhCommand *
kh_monitor_line_get_command (KhMonitorLine *self)
{
  g_return_val_if_fail (KH_IS_MONITOR_LINE (self), NULL);
  return self->command;
}

const char *
kh_monitor_line_get_args_text (KhMonitorLine *self)
{
  g_return_val_if_fail (KH_IS_MONITOR_LINE (self), NULL);
  return self->args_text;
}

gboolean
kh_monitor_line_matches (KhMonitorLine *self,
                         const char    *filter)
{
  g_autofree char *pattern = NULL;
  gsize filter_len, pattern_len;
  guint n_args;

  g_return_val_if_fail (KH_IS_MONITOR_LINE (self), FALSE);

  if (filter == NULL || *filter == '\0')
    return TRUE;
  if (g_ascii_strcasecmp (filter, kh_monitor_line_get_command_name (self)) == 0)
    return TRUE;

  filter_len = strlen (filter);
  if (kh_glob_is_literal (filter, filter_len))
    pattern = g_strconcat ("*", filter, "*", NULL);
  else
    pattern = g_strdup (filter);
  pattern_len = strlen (pattern);

  n_args = kh_command_get_n_args (self->command);
  for (guint i = 1; i < n_args; i++)
    {
      gsize len = 0;
      const char *arg = kh_command_get_arg (self->command, i, &len);

      if (kh_glob_match (pattern, pattern_len, arg, len))
        return TRUE;
    }
  return FALSE;
}

static void
kh_monitor_line_finalize (GObject *object)
{
  KhMonitorLine *self = KH_MONITOR_LINE (object);

  g_free (self->client);
  g_free (self->args_text);
  g_clear_pointer (&self->command, kh_command_free);

  G_OBJECT_CLASS (kh_monitor_line_parent_class)->finalize (object);
}

static void
kh_monitor_line_class_init (KhMonitorLineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kh_monitor_line_finalize;
}

static void
kh_monitor_line_init (KhMonitorLine *self)
{
}
