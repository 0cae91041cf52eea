/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-console-view-completion.c: Tab in the console's entry line completes
 * a command name, or a subcommand after its container, from the commands
 * the server lists (COMMAND LIST, or COMMAND before Redis 7), or from a
 * built-in list; when nothing more can be added, the choices are listed */
#include "config.h"

#include <string.h>

#include "kh-console-view-private.h"

/* Completion candidates listed at most, when several match. */
#define MAX_LISTED_CANDIDATES 40

/* Offered by Tab when the server does not list its commands. */
static const char * const builtin_commands[] = {
  "ACL", "APPEND", "AUTH", "BITCOUNT", "BITFIELD", "BITOP", "BITPOS", "CLIENT", "CLUSTER",
  "COMMAND", "CONFIG", "COPY", "DBSIZE", "DECR", "DECRBY", "DEL", "DUMP", "ECHO", "EVAL",
  "EVALSHA", "EXISTS", "EXPIRE", "EXPIREAT", "EXPIRETIME", "FLUSHALL", "FLUSHDB", "FUNCTION",
  "GEOADD", "GEODIST", "GEOHASH", "GEOPOS", "GEOSEARCH", "GET", "GETDEL", "GETEX", "GETRANGE",
  "GETSET", "HDEL", "HEXISTS", "HGET", "HGETALL", "HINCRBY", "HINCRBYFLOAT", "HKEYS", "HLEN",
  "HMGET", "HMSET", "HRANDFIELD", "HSCAN", "HSET", "HSETNX", "HSTRLEN", "HVALS", "INCR",
  "INCRBY", "INCRBYFLOAT", "INFO", "KEYS", "LASTSAVE", "LATENCY", "LINDEX", "LINSERT", "LLEN",
  "LMOVE", "LMPOP", "LOLWUT", "LPOP", "LPOS", "LPUSH", "LPUSHX", "LRANGE", "LREM", "LSET",
  "LTRIM", "MEMORY", "MGET", "MSET", "MSETNX", "OBJECT", "PERSIST", "PEXPIRE", "PEXPIREAT",
  "PEXPIRETIME", "PFADD", "PFCOUNT", "PFMERGE", "PING", "PSETEX", "PTTL", "PUBLISH", "PUBSUB",
  "RANDOMKEY", "RENAME", "RENAMENX", "RESTORE", "ROLE", "RPOP", "RPOPLPUSH", "RPUSH", "RPUSHX",
  "SADD", "SCAN", "SCARD", "SCRIPT", "SDIFF", "SDIFFSTORE", "SELECT", "SET", "SETEX", "SETNX",
  "SETRANGE", "SINTER", "SINTERCARD", "SINTERSTORE", "SISMEMBER", "SLOWLOG", "SMEMBERS",
  "SMISMEMBER", "SMOVE", "SORT", "SPOP", "SRANDMEMBER", "SREM", "SSCAN", "STRLEN", "SUNION",
  "SUNIONSTORE", "TIME", "TOUCH", "TTL", "TYPE", "UNLINK", "XACK", "XADD", "XAUTOCLAIM",
  "XCLAIM", "XDEL", "XGROUP", "XINFO", "XLEN", "XPENDING", "XRANGE", "XREAD", "XREVRANGE",
  "XTRIM", "ZADD", "ZCARD", "ZCOUNT", "ZDIFF", "ZINCRBY", "ZINTER", "ZINTERCARD", "ZLEXCOUNT",
  "ZMPOP", "ZMSCORE", "ZPOPMAX", "ZPOPMIN", "ZRANDMEMBER", "ZRANGE", "ZRANGEBYLEX",
  "ZRANGEBYSCORE", "ZRANGESTORE", "ZRANK", "ZREM", "ZREMRANGEBYLEX", "ZREMRANGEBYRANK",
  "ZREMRANGEBYSCORE", "ZREVRANGE", "ZREVRANK", "ZSCAN", "ZSCORE", "ZUNION", "ZUNIONSTORE",
};

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
kh_console_view_set_completions (KhConsoleView *self,
                                 GPtrArray     *names)
{
  g_clear_pointer (&self->completions, g_ptr_array_unref);
  g_ptr_array_sort (names, compare_strings);
  self->completions = g_ptr_array_ref (names);
}

static GPtrArray *
builtin_completions (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_commands); i++)
    g_ptr_array_add (names, g_strdup (builtin_commands[i]));
  return names;
}

static void
on_command_list (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KhConsoleRequest) request = user_data;
  KhConsoleView *self = request->self;
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GPtrArray) names = NULL;
  gboolean full_command = request->command != NULL &&
                          kh_command_get_n_args (request->command) == 1;

  reply = kh_session_send_finish (KH_SESSION (object), result, NULL);
  if (self->disposed)
    return;

  if (reply == NULL && !full_command)
    {
      /* No COMMAND LIST before Redis 7: COMMAND describes every command. */
      g_autoptr(KhCommand) command = kh_command_new ("COMMAND");

      kh_session_send_async (self->session, kh_command_copy (command), self->cancellable,
                             on_command_list, kh_console_request_new (self, NULL, command));
      return;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  if (reply != NULL && kh_reply_is_array (reply))
    {
      for (gsize i = 0; i < reply->len; i++)
        {
          const KhReply *item = reply->element[i];

          /* COMMAND LIST names; COMMAND gives [name, arity, ...] for each. */
          if (kh_reply_is_array (item) && item->len > 0)
            item = item->element[0];
          if (item != NULL && kh_reply_is_string (item) && item->len > 0 &&
              g_utf8_validate (item->str, (gssize) item->len, NULL))
            g_ptr_array_add (names, g_ascii_strup (item->str, (gssize) item->len));
        }
    }
  if (names->len == 0)
    {
      g_ptr_array_unref (names);
      names = builtin_completions ();
    }

  self->completions_loading = FALSE;
  kh_console_view_set_completions (self, names);
  kh_console_view_complete (self);
}

static void
kh_console_view_fetch_completions (KhConsoleView *self)
{
  g_autoptr(KhCommand) command = kh_command_new_va ("COMMAND", "LIST", NULL);

  if (self->completions_loading)
    return;
  self->completions_loading = TRUE;
  kh_session_send_async (self->session, kh_command_copy (command), self->cancellable,
                         on_command_list, kh_console_request_new (self, NULL, command));
}

static void
kh_console_view_list_candidates (KhConsoleView *self,
                                 GPtrArray     *matches)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkTextIter end;

  for (guint i = 0; i < matches->len && i < MAX_LISTED_CANDIDATES; i++)
    {
      if (i > 0)
        g_string_append (text, "  ");
      g_string_append (text, g_ptr_array_index (matches, i));
    }
  if (matches->len > MAX_LISTED_CANDIDATES)
    g_string_append_printf (text, "  … (%u)", matches->len);
  g_string_append_c (text, '\n');

  gtk_text_buffer_get_end_iter (buffer, &end);
  kh_console_insert_text (buffer, &end, text->str, self->dim_tag);
  gtk_text_buffer_place_cursor (buffer, &end);
  kh_console_view_scroll_to_end (self);
}

/* Tab: completes the command name, or a subcommand after a container
 * ("CONFIG G" -> "CONFIG GET"), from what the server said it knows. */
void
kh_console_view_complete (KhConsoleView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  gint cursor = gtk_editable_get_position (GTK_EDITABLE (self->entry));
  g_autofree char *before = g_utf8_substring (text, 0, cursor);
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autofree char *prefix = NULL;
  g_autofree char *container = NULL;
  g_autofree char *completed = NULL;
  gsize common;
  guint n_words;
  const char *rest;

  if (self->completions == NULL)
    {
      kh_console_view_fetch_completions (self);
      return;
    }

  /* Only the first two bare words complete. */
  if (strchr (before, '"') != NULL || strchr (before, '\'') != NULL)
    return;
  g_strchug (before);
  words = g_regex_split_simple ("[ \t]+", before, 0, 0);
  n_words = g_strv_length (words);
  if (n_words == 0 || n_words > 2)
    return;

  if (n_words == 1)
    prefix = g_ascii_strup (words[0], -1);
  else
    {
      g_autofree char *joined = g_strdup_printf ("%s|%s", words[0], words[1]);

      container = g_ascii_strup (words[0], -1);
      prefix = g_ascii_strup (joined, -1);
    }

  for (guint i = 0; i < self->completions->len; i++)
    {
      const char *name = g_ptr_array_index (self->completions, i);

      if (!g_str_has_prefix (name, prefix))
        continue;
      /* Subcommands only after their container. */
      if (n_words == 1 && strchr (name, '|') != NULL)
        continue;
      g_ptr_array_add (matches, (gpointer) name);
    }
  if (matches->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->entry));
      return;
    }

  /* The longest prefix every match shares. */
  common = strlen (g_ptr_array_index (matches, 0));
  for (guint i = 1; i < matches->len; i++)
    {
      const char *a = g_ptr_array_index (matches, 0);
      const char *b = g_ptr_array_index (matches, i);
      gsize j = 0;

      while (j < common && a[j] == b[j])
        j++;
      common = j;
    }

  completed = g_strndup (g_ptr_array_index (matches, 0), common);
  if (container != NULL)
    {
      const char *bar = strchr (completed, '|');
      g_autofree char *sub = g_strdup (bar != NULL ? bar + 1 : "");

      g_free (completed);
      completed = g_strdup_printf ("%s %s", words[0], sub);
    }

  rest = g_utf8_offset_to_pointer (text, cursor);
  {
    g_autofree char *line = g_strdup_printf ("%s%s%s", completed,
                                             matches->len == 1 && *rest != ' ' ? " " : "", rest);
    gint position = (gint) g_utf8_strlen (completed, -1) + (matches->len == 1 ? 1 : 0);

    gtk_editable_set_text (GTK_EDITABLE (self->entry), line);
    gtk_editable_set_position (GTK_EDITABLE (self->entry), position);
  }

  if (matches->len > 1 && strlen (completed) <= strlen (before))
    {
      /* Nothing more to add: show the choices, as a shell does. */
      for (guint i = 0; i < matches->len; i++)
        {
          const char *bar = strchr (g_ptr_array_index (matches, i), '|');

          if (bar != NULL)
            matches->pdata[i] = (gpointer) (bar + 1);
        }
      kh_console_view_list_candidates (self, matches);
    }
}
