/* kh-console-view.c: a redis-cli style console on a session's connection
 *
 * The output is one read-only GtkTextView: selecting across entries and
 * Ctrl+C work as in any text, and a few thousand entries stay cheap. Each
 * entry is a command and its reply; its reply goes in at a mark, so replies
 * that arrive after later commands were echoed still land under their
 * command.
 *
 * The console shares the session's connection with every other panel, so
 * what would take that connection over (MONITOR, SUBSCRIBE, blocking reads,
 * transactions) is not sent: a line says why and where to go instead.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-cli-parse.h"
#include "kh-command-info.h"
#include "kh-console-view.h"
#include "kh-error.h"
#include "kh-history.h"
#include "kh-reply-format.h"

/* KEYS asks first only past this many keys. */
#define KEYS_CONFIRM_THRESHOLD 10000
/* Completion candidates listed at most, when several match. */
#define MAX_LISTED_CANDIDATES 40

typedef struct {
  gint         ref_count;
  GtkTextMark *start;         /* where the echo begins */
  GtkTextMark *reply_start;   /* where the reply goes, and then begins */
  GtkTextMark *reply_end;     /* NULL until the reply is in */
  gboolean     removed;
} Entry;

struct _KhConsoleView
{
  GtkWidget       parent_instance;

  KhSession      *session;
  char           *profile_id;
  KhHistory      *history;
  GCancellable   *cancellable;
  gboolean        disposed;

  GQueue          entries;          /* Entry *, oldest first */
  guint           n_pending;

  gint            history_pos;      /* -1 when not browsing */
  char           *history_draft;    /* what was typed before browsing */

  GPtrArray      *completions;      /* upper-case names, sorted; NULL until fetched */
  gboolean        completions_loading;

  GtkTextTag     *prompt_tag;
  GtkTextTag     *command_tag;
  GtkTextTag     *error_tag;
  GtkTextTag     *dim_tag;
  GtkTextTag     *note_tag;

  /* template children */
  GtkTextView    *output;
  GtkEntry       *entry;
  GtkLabel       *prompt_label;
};

G_DEFINE_FINAL_TYPE (KhConsoleView, kh_console_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PROFILE_ID,
  N_PROPS
};

enum {
  SIGNAL_OPEN_VIEW,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

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

/* Blocking commands and what returns at once instead. */
static const struct {
  const char *name;
  const char *instead;
} non_blocking[] = {
  { "BLMOVE", "LMOVE" }, { "BLMPOP", "LMPOP" }, { "BLPOP", "LPOP" }, { "BRPOP", "RPOP" },
  { "BRPOPLPUSH", "RPOPLPUSH" }, { "BZMPOP", "ZMPOP" }, { "BZPOPMAX", "ZPOPMAX" },
  { "BZPOPMIN", "ZPOPMIN" }, { "XREAD", "XREAD without BLOCK" },
  { "XREADGROUP", "XREADGROUP without BLOCK" },
};

/* What would change the connection every panel shares. */
static const char * const shared_state_commands[] = {
  "MULTI", "EXEC", "DISCARD", "WATCH", "CLIENT REPLY", "HELLO", "RESET", "QUIT", "SYNC",
  "PSYNC", "REPLCONF",
};

/* Whose text replies redis-cli prints raw, as a block of lines. */
static const char * const raw_reply_commands[] = {
  "INFO", "CLIENT LIST", "CLIENT INFO", "CLUSTER INFO", "CLUSTER NODES", "LATENCY DOCTOR",
  "MEMORY DOCTOR", "MEMORY MALLOC-STATS", "LOLWUT",
};

/* Entries */

static Entry *
entry_ref (Entry *entry)
{
  entry->ref_count++;
  return entry;
}

static void
entry_unref (Entry *entry)
{
  if (--entry->ref_count == 0)
    g_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Entry, entry_unref)

static GtkTextBuffer *
kh_console_view_get_buffer (KhConsoleView *self)
{
  return gtk_text_view_get_buffer (self->output);
}

static void
kh_console_view_scroll_to_end (KhConsoleView *self)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);

  /* Aligned to the bottom: the view clamps it to the top while the text is short. */
  gtk_text_view_scroll_to_mark (self->output, gtk_text_buffer_get_insert (buffer), 0.0, TRUE, 0.0, 1.0);
}

static void
kh_console_view_forget_entry (KhConsoleView *self,
                              Entry         *entry)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);

  gtk_text_buffer_delete_mark (buffer, entry->start);
  gtk_text_buffer_delete_mark (buffer, entry->reply_start);
  if (entry->reply_end != NULL)
    gtk_text_buffer_delete_mark (buffer, entry->reply_end);
  entry->removed = TRUE;
  entry_unref (entry);
}

static void
kh_console_view_trim (KhConsoleView *self)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);

  while (self->entries.length > KH_CONSOLE_VIEW_MAX_ENTRIES)
    {
      Entry *oldest = g_queue_pop_head (&self->entries);
      Entry *next = g_queue_peek_head (&self->entries);
      GtkTextIter start, end;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, next->start);
      gtk_text_buffer_delete (buffer, &start, &end);
      kh_console_view_forget_entry (self, oldest);
    }
}

static char *
kh_console_view_dup_prompt (KhConsoleView *self)
{
  const KhConnectionConfig *config = kh_session_get_config (self->session);
  g_autofree char *where = config != NULL ? kh_connection_config_describe (config) : g_strdup ("?");
  guint db = kh_session_get_database (self->session);

  if (db > 0)
    return g_strdup_printf ("%s[%u]>", where, db);
  return g_strdup_printf ("%s>", where);
}

static void
kh_console_view_update_prompt (KhConsoleView *self)
{
  g_autofree char *prompt = kh_console_view_dup_prompt (self);

  gtk_label_set_label (self->prompt_label, prompt);
}

static void
insert_text (GtkTextBuffer *buffer,
             GtkTextIter   *iter,
             const char    *text,
             GtkTextTag    *tag)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (tag != NULL)
    gtk_text_buffer_insert_with_tags (buffer, iter, valid, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, iter, valid, -1);
}

/* Echoes @line as a new entry at the end and returns it (owned by the view). */
static Entry *
kh_console_view_begin_entry (KhConsoleView *self,
                             const char    *line)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  g_autofree char *prompt = kh_console_view_dup_prompt (self);
  g_autofree char *one_line = g_strdup (line);
  Entry *entry = g_new0 (Entry, 1);
  GtkTextIter end;

  g_strdelimit (one_line, "\r\n", ' ');
  entry->ref_count = 1;
  gtk_text_buffer_get_end_iter (buffer, &end);
  entry->start = gtk_text_buffer_create_mark (buffer, NULL, &end, TRUE);
  insert_text (buffer, &end, prompt, self->prompt_tag);
  gtk_text_buffer_insert (buffer, &end, " ", 1);
  insert_text (buffer, &end, one_line, self->command_tag);
  gtk_text_buffer_insert (buffer, &end, "\n", 1);
  entry->reply_start = gtk_text_buffer_create_mark (buffer, NULL, &end, TRUE);
  gtk_text_buffer_place_cursor (buffer, &end);

  g_queue_push_tail (&self->entries, entry);
  kh_console_view_trim (self);
  kh_console_view_scroll_to_end (self);
  return entry;
}

/* Skips what redis-cli puts before an array element: blanks and "12) ". */
static const char *
skip_array_indices (const char *p,
                    const char *end)
{
  for (;;)
    {
      const char *q;

      while (p < end && *p == ' ')
        p++;
      q = p;
      while (q < end && g_ascii_isdigit (*q))
        q++;
      if (q == p || q + 1 >= end || q[0] != ')' || q[1] != ' ')
        return p;
      p = q + 2;
    }
}

/* Tags the lines of an array reply that hold a nil or an error element. */
static void
kh_console_view_tag_elements (KhConsoleView *self,
                              gint           offset,
                              const char    *text)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  const char *line = text;
  gint line_offset = offset;

  while (*line != '\0')
    {
      const char *eol = strchr (line, '\n');
      const char *content;
      GtkTextTag *tag = NULL;

      if (eol == NULL)
        eol = line + strlen (line);
      content = skip_array_indices (line, eol);
      if ((gsize) (eol - content) == strlen ("(nil)") && strncmp (content, "(nil)", 5) == 0)
        tag = self->dim_tag;
      else if (strncmp (content, "(empty array)", MIN ((gsize) (eol - content), 13)) == 0 &&
               eol - content == 13)
        tag = self->dim_tag;
      else if (eol - content > 8 && strncmp (content, "(error) ", 8) == 0)
        tag = self->error_tag;

      if (tag != NULL)
        {
          GtkTextIter start, stop;
          gint content_offset = line_offset + (gint) g_utf8_strlen (line, content - line);
          gint eol_offset = content_offset + (gint) g_utf8_strlen (content, eol - content);

          gtk_text_buffer_get_iter_at_offset (buffer, &start, content_offset);
          gtk_text_buffer_get_iter_at_offset (buffer, &stop, eol_offset);
          gtk_text_buffer_apply_tag (buffer, tag, &start, &stop);
        }

      line_offset += (gint) g_utf8_strlen (line, eol - line);
      if (*eol == '\0')
        break;
      line = eol + 1;
      line_offset++;
    }
}

/* Puts @text (valid UTF-8) as the reply of @entry, tagged whole with @tag. */
static void
kh_console_view_fill_entry (KhConsoleView *self,
                            Entry         *entry,
                            const char    *text,
                            GtkTextTag    *tag,
                            gboolean       tag_elements)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  GtkTextIter iter;
  gint offset;

  if (entry->removed || entry->reply_end != NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, entry->reply_start);
  offset = gtk_text_iter_get_offset (&iter);
  insert_text (buffer, &iter, text, tag);
  gtk_text_buffer_insert (buffer, &iter, "\n", 1);
  entry->reply_end = gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE);
  if (tag_elements)
    kh_console_view_tag_elements (self, offset, text);

  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  kh_console_view_scroll_to_end (self);
}

static void
kh_console_view_fill_error (KhConsoleView *self,
                            Entry         *entry,
                            const GError  *error)
{
  g_autofree char *text = g_strdup_printf ("(error) %s", error->message);

  kh_console_view_fill_entry (self, entry, text, self->error_tag, FALSE);
}

/* Formatting replies */

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
static char *
format_reply (const KhReply   *reply,
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

/* Sending */

typedef struct {
  KhConsoleView *self;
  Entry         *entry;
  KhCommand     *command;
} Request;

static Request *
request_new (KhConsoleView   *self,
             Entry           *entry,
             const KhCommand *command)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->entry = entry != NULL ? entry_ref (entry) : NULL;
  request->command = command != NULL ? kh_command_copy (command) : NULL;
  return request;
}

static void
request_free (Request *request)
{
  g_clear_pointer (&request->entry, entry_unref);
  g_clear_pointer (&request->command, kh_command_free);
  g_object_unref (request->self);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
request_closure_free (gpointer  data,
                      GClosure *closure)
{
  request_free (data);
}

static void
on_reply (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  KhConsoleView *self = request->self;
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextTag *tag = NULL;
  gboolean truncated = FALSE;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (self->disposed)
    return;
  self->n_pending--;

  if (reply == NULL)
    {
      kh_console_view_fill_error (self, request->entry, error);
      return;
    }

  text = format_reply (reply, request->command, &truncated);
  if (reply->kind == KH_REPLY_ERROR)
    tag = self->error_tag;
  else if (reply->kind == KH_REPLY_NIL || (kh_reply_is_array (reply) && reply->len == 0))
    tag = self->dim_tag;
  kh_console_view_fill_entry (self, request->entry, text, tag, kh_reply_is_array (reply));

  if (truncated)
    {
      GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
      GtkTextIter start, end;

      /* The note is the last line of the reply. */
      gtk_text_buffer_get_iter_at_mark (buffer, &end, request->entry->reply_end);
      gtk_text_iter_backward_char (&end);
      start = end;
      gtk_text_iter_set_line_offset (&start, 0);
      gtk_text_buffer_apply_tag (buffer, self->note_tag, &start, &end);
    }
}

static void
kh_console_view_send (KhConsoleView   *self,
                      Entry           *entry,
                      const KhCommand *command)
{
  self->n_pending++;
  kh_session_send_async (self->session, kh_command_copy (command), self->cancellable,
                         on_reply, request_new (self, entry, command));
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Request *request = user_data;
  KhConsoleView *self = request->self;

  /* The request belongs to the signal handler, which can outlive a response. */
  if (self->disposed || request->entry == NULL)
    return;
  if (g_strcmp0 (response, "run") == 0)
    kh_console_view_send (self, request->entry, request->command);
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s was not sent"), kh_command_get_name (request->command));

      kh_console_view_fill_entry (self, request->entry, text, self->note_tag, FALSE);
    }
  g_clear_pointer (&request->entry, entry_unref);
}

static void
kh_console_view_confirm (KhConsoleView   *self,
                         Entry           *entry,
                         const KhCommand *command,
                         const char      *extra)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *danger = kh_command_info_describe_danger (command);
  const char *name = kh_command_get_name (command);
  g_autofree char *heading = g_strdup_printf (_("Run %s?"), name);
  g_autofree char *run_label = g_strdup_printf (_("_Run %s"), name);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (danger == NULL)
    danger = _("This command can harm the server or its data.");
  body = extra != NULL ? g_strdup_printf ("%s\n\n%s", danger, extra) : g_strdup (danger);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "run", run_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "run",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_response),
                         request_new (self, entry, command), request_closure_free,
                         G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_dbsize (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  KhConsoleView *self = request->self;
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_keys = -1;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (self->disposed)
    return;
  self->n_pending--;

  if (reply != NULL && kh_reply_get_int64 (reply, &n_keys) && n_keys <= KEYS_CONFIRM_THRESHOLD)
    {
      kh_console_view_send (self, request->entry, request->command);
      return;
    }

  if (n_keys > KEYS_CONFIRM_THRESHOLD)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n_keys);
      g_autofree char *extra = g_strdup_printf (_("This database holds %s keys."), count);

      kh_console_view_confirm (self, request->entry, request->command, extra);
    }
  else
    kh_console_view_confirm (self, request->entry, request->command, NULL);
}

static gboolean
command_is_named (const KhCommand    *command,
                  const char * const *names,
                  guint               n_names)
{
  const char *name = kh_command_info_lookup_name (command);

  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (name, names[i]) == 0 || g_str_equal (kh_command_get_name (command), names[i]))
        return TRUE;
    }
  return FALSE;
}

/* What the session refuses on a read-only profile (it says why itself). */
static gboolean
command_is_refused_read_only (const KhCommand *command,
                              KhCommandFlags   flags)
{
  if (flags & KH_COMMAND_WRITE)
    return TRUE;
  return (flags & KH_COMMAND_DANGEROUS) && !g_str_equal (kh_command_get_name (command), "KEYS");
}

static void
kh_console_view_note (KhConsoleView *self,
                      Entry         *entry,
                      const char    *text)
{
  kh_console_view_fill_entry (self, entry, text, self->note_tag, FALSE);
}

static void
kh_console_view_dispatch (KhConsoleView   *self,
                          Entry           *entry,
                          const KhCommand *command)
{
  KhCommandFlags flags = kh_command_info_classify (command);
  const char *name = kh_command_get_name (command);
  g_autofree char *text = NULL;

  if (flags & KH_COMMAND_MONITOR)
    {
      kh_console_view_note (self, entry,
                            _("MONITOR was not sent: it would take over the connection every panel shares. "
                              "The Monitor view streams commands on a connection of its own."));
      g_signal_emit (self, signals[SIGNAL_OPEN_VIEW], 0, "monitor");
      return;
    }

  if (flags & KH_COMMAND_SUBSCRIBE)
    {
      text = g_strdup_printf (_("%s was not sent: it would take over the connection every panel shares. "
                                "The Pub/Sub view subscribes on a connection of its own."), name);
      kh_console_view_note (self, entry, text);
      g_signal_emit (self, signals[SIGNAL_OPEN_VIEW], 0, "pubsub");
      return;
    }

  if (flags & KH_COMMAND_BLOCKING)
    {
      const char *instead = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (non_blocking); i++)
        if (g_str_equal (name, non_blocking[i].name))
          instead = non_blocking[i].instead;

      if (instead != NULL)
        text = g_strdup_printf (_("%s was not sent: a blocking command would hold the connection every "
                                  "panel shares. %s returns at once."), name, instead);
      else
        text = g_strdup_printf (_("%s was not sent: a blocking command would hold the connection every "
                                  "panel shares."), name);
      kh_console_view_note (self, entry, text);
      return;
    }

  if (command_is_named (command, shared_state_commands, G_N_ELEMENTS (shared_state_commands)))
    {
      const char *shown = kh_command_info_lookup_name (command);

      text = g_strdup_printf (_("%s was not sent: the console shares its connection with the other "
                                "panels, and this would change it for all of them."),
                              shown != NULL ? shown : name);
      kh_console_view_note (self, entry, text);
      return;
    }

  if (kh_session_is_read_only (self->session) &&
      (g_str_equal (name, "PUBLISH") || g_str_equal (name, "SPUBLISH")))
    {
      g_autoptr(GError) error = g_error_new (KH_ERROR, KH_ERROR_READ_ONLY,
                                             _("This profile is read-only: %s was not sent"), name);

      kh_console_view_fill_error (self, entry, error);
      return;
    }

  /* On a read-only profile the session refuses those: no need to ask. */
  if ((flags & KH_COMMAND_DANGEROUS) &&
      !(kh_session_is_read_only (self->session) && command_is_refused_read_only (command, flags)))
    {
      if (g_str_equal (name, "KEYS"))
        {
          self->n_pending++;
          kh_session_send_async (self->session, kh_command_new ("DBSIZE"), self->cancellable,
                                 on_dbsize, request_new (self, entry, command));
        }
      else
        kh_console_view_confirm (self, entry, command, NULL);
      return;
    }

  kh_console_view_send (self, entry, command);
}

/* Parses and runs @line; FALSE when it could not be read (nothing was sent). */
static gboolean
kh_console_view_submit (KhConsoleView *self,
                        const char    *line)
{
  g_autoptr(KhCommand) command = NULL;
  g_autoptr(GError) error = NULL;
  Entry *entry;

  command = kh_cli_parse_line (line, &error);
  if (command == NULL && error == NULL)
    return TRUE;

  entry = kh_console_view_begin_entry (self, line);
  if (error != NULL)
    {
      kh_console_view_fill_error (self, entry, error);
      return FALSE;
    }

  if (kh_history_add (self->history, command))
    kh_history_save_async (self->history, NULL, NULL, NULL);

  if (kh_command_get_n_args (command) == 1 && g_str_equal (kh_command_get_name (command), "CLEAR"))
    {
      kh_console_view_clear (self);
      return TRUE;
    }

  kh_console_view_dispatch (self, entry, command);
  return TRUE;
}

/* The entry line */

static void
on_entry_activate (GtkEntry      *entry,
                   KhConsoleView *self)
{
  g_autofree char *line = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));

  self->history_pos = -1;
  g_clear_pointer (&self->history_draft, g_free);

  if (kh_console_view_submit (self, line))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
}

static void
on_entry_changed (GtkEditable   *editable,
                  KhConsoleView *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
}

static void
kh_console_view_set_entry_text (KhConsoleView *self,
                                const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

static void
kh_console_view_browse_history (KhConsoleView *self,
                                gint           direction)
{
  gint n = (gint) kh_history_get_n_entries (self->history);
  gint pos = self->history_pos < 0 ? n : self->history_pos;

  pos += direction;
  if (pos < 0 || pos > n || n == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->entry));
      return;
    }

  if (self->history_pos < 0)
    {
      g_free (self->history_draft);
      self->history_draft = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
    }

  if (pos == n)
    {
      kh_console_view_set_entry_text (self, self->history_draft != NULL ? self->history_draft : "");
      self->history_pos = -1;
      g_clear_pointer (&self->history_draft, g_free);
      return;
    }
  self->history_pos = pos;
  kh_console_view_set_entry_text (self, kh_history_get_entry (self->history, (guint) pos));
}

/* Completion */

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

static void kh_console_view_complete (KhConsoleView *self);

static void
on_command_list (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
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
                             on_command_list, request_new (self, NULL, command));
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
                         on_command_list, request_new (self, NULL, command));
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
  insert_text (buffer, &end, text->str, self->dim_tag);
  gtk_text_buffer_place_cursor (buffer, &end);
  kh_console_view_scroll_to_end (self);
}

/* Tab: completes the command name, or a subcommand after a container
 * ("CONFIG G" -> "CONFIG GET"), from what the server said it knows. */
static void
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

static gboolean
on_entry_key_pressed (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      KhConsoleView         *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Tab:
      kh_console_view_complete (self);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      kh_console_view_browse_history (self, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      kh_console_view_browse_history (self, +1);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Actions */

static Entry *
kh_console_view_entry_at_cursor (KhConsoleView *self)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  GtkTextIter cursor;
  Entry *found = NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  for (GList *l = self->entries.head; l != NULL; l = l->next)
    {
      Entry *entry = l->data;
      GtkTextIter start;

      gtk_text_buffer_get_iter_at_mark (buffer, &start, entry->start);
      if (gtk_text_iter_compare (&start, &cursor) > 0)
        break;
      if (entry->reply_end != NULL)
        found = entry;
    }
  /* At the very end (nothing clicked): the newest answered entry. */
  if (gtk_text_iter_is_end (&cursor))
    {
      for (GList *l = self->entries.tail; l != NULL; l = l->prev)
        if (((Entry *) l->data)->reply_end != NULL)
          return l->data;
    }
  return found;
}

static void
kh_console_view_copy_reply_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (widget);
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  Entry *entry = kh_console_view_entry_at_cursor (self);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (entry == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  gtk_text_buffer_get_iter_at_mark (buffer, &start, entry->reply_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, entry->reply_end);
  gtk_text_iter_backward_char (&end);   /* the final newline */
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
kh_console_view_clear_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  kh_console_view_clear (KH_CONSOLE_VIEW (widget));
}

/* Styles */

static void
kh_console_view_update_tag_colors (KhConsoleView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA error_color = { 0.75, 0.11, 0.16, 1.0 };
  GdkRGBA fg = { 0.5, 0.5, 0.5, 1.0 };
  GdkRGBA accent = { 0.11, 0.44, 0.85, 1.0 };

  gtk_style_context_lookup_color (context, "error_color", &error_color);
  gtk_style_context_lookup_color (context, "accent_color", &accent);
  if (gtk_style_context_lookup_color (context, "window_fg_color", &fg))
    fg.alpha = 0.55;

  g_object_set (self->error_tag, "foreground-rgba", &error_color, NULL);
  g_object_set (self->dim_tag, "foreground-rgba", &fg, NULL);
  g_object_set (self->note_tag, "foreground-rgba", &fg, NULL);
  g_object_set (self->prompt_tag, "foreground-rgba", &accent, NULL);
}

static void
on_dark_changed (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 KhConsoleView   *self)
{
  kh_console_view_update_tag_colors (self);
}

static void
kh_console_view_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kh_console_view_parent_class)->realize (widget);
  kh_console_view_update_tag_colors (KH_CONSOLE_VIEW (widget));
}

static gboolean
kh_console_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (KH_CONSOLE_VIEW (widget)->entry));
}

static void
on_database_changed (KhSession     *session,
                     GParamSpec    *pspec,
                     KhConsoleView *self)
{
  kh_console_view_update_prompt (self);
}

static void
kh_console_view_write_intro (KhConsoleView *self)
{
  GtkTextBuffer *buffer = kh_console_view_get_buffer (self);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  insert_text (buffer, &end,
               _("Commands run on this profile’s connection, the one every panel shares. "
                 "Tab completes, ↑ and ↓ recall history, Ctrl+L clears.\n"),
               self->note_tag);
}

/* Object */

static void
kh_console_view_constructed (GObject *object)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);

  G_OBJECT_CLASS (kh_console_view_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SESSION (self->session));

  self->history = self->profile_id != NULL ? kh_history_new_for_profile (self->profile_id)
                                           : kh_history_new (NULL);
  kh_history_load_async (self->history, NULL, NULL, NULL);

  g_signal_connect_object (self->session, "notify::database", G_CALLBACK (on_database_changed),
                           self, G_CONNECT_DEFAULT);
  kh_console_view_update_prompt (self);
  kh_console_view_write_intro (self);
}

static void
kh_console_view_dispose (GObject *object)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);
  GtkWidget *child;

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_CONSOLE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  /* The marks went with the buffer. */
  g_queue_clear_full (&self->entries, (GDestroyNotify) entry_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (kh_console_view_parent_class)->dispose (object);
}

static void
kh_console_view_finalize (GObject *object)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->completions, g_ptr_array_unref);
  g_free (self->history_draft);
  g_free (self->profile_id);

  G_OBJECT_CLASS (kh_console_view_parent_class)->finalize (object);
}

static void
kh_console_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PROFILE_ID:
      g_value_set_string (value, self->profile_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_console_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhConsoleView *self = KH_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_PROFILE_ID:
      self->profile_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_console_view_class_init (KhConsoleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kh_console_view_constructed;
  object_class->dispose = kh_console_view_dispose;
  object_class->finalize = kh_console_view_finalize;
  object_class->get_property = kh_console_view_get_property;
  object_class->set_property = kh_console_view_set_property;
  widget_class->realize = kh_console_view_realize;
  widget_class->grab_focus = kh_console_view_grab_focus;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_ID] =
    g_param_spec_string ("profile-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "monitor" or "pubsub": the user asked for what that view does. */
  signals[SIGNAL_OPEN_VIEW] =
    g_signal_new ("open-view", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-console-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhConsoleView, output);
  gtk_widget_class_bind_template_child (widget_class, KhConsoleView, entry);
  gtk_widget_class_bind_template_child (widget_class, KhConsoleView, prompt_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);

  gtk_widget_class_install_action (widget_class, "console.copy-reply", NULL,
                                   kh_console_view_copy_reply_action);
  gtk_widget_class_install_action (widget_class, "console.clear", NULL,
                                   kh_console_view_clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "console.clear", NULL);
}

static void
kh_console_view_init (KhConsoleView *self)
{
  GtkEventController *keys;
  GtkTextBuffer *buffer;
  GMenu *menu;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->history_pos = -1;
  g_queue_init (&self->entries);

  buffer = kh_console_view_get_buffer (self);
  self->prompt_tag = gtk_text_buffer_create_tag (buffer, "prompt", NULL);
  self->command_tag = gtk_text_buffer_create_tag (buffer, "command", "weight", PANGO_WEIGHT_BOLD, NULL);
  self->error_tag = gtk_text_buffer_create_tag (buffer, "error", NULL);
  self->dim_tag = gtk_text_buffer_create_tag (buffer, "dim", NULL);
  self->note_tag = gtk_text_buffer_create_tag (buffer, "note", "style", PANGO_STYLE_ITALIC, NULL);
  kh_console_view_update_tag_colors (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_DEFAULT);

  menu = g_menu_new ();
  g_menu_append (menu, _("Copy _Reply"), "console.copy-reply");
  g_menu_append (menu, _("C_lear Console"), "console.clear");
  gtk_text_view_set_extra_menu (self->output, G_MENU_MODEL (menu));
  g_object_unref (menu);

  /* Before the entry's own handling: Tab would move the focus, Up/Down nothing. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

GtkWidget *
kh_console_view_new (KhSession  *session,
                     const char *profile_id)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_CONSOLE_VIEW,
                       "session", session,
                       "profile-id", profile_id,
                       NULL);
}

KhSession *
kh_console_view_get_session (KhConsoleView *self)
{
  g_return_val_if_fail (KH_IS_CONSOLE_VIEW (self), NULL);
  return self->session;
}

void
kh_console_view_run (KhConsoleView *self,
                     const char    *line)
{
  g_return_if_fail (KH_IS_CONSOLE_VIEW (self));
  g_return_if_fail (line != NULL);

  kh_console_view_submit (self, line);
}

void
kh_console_view_clear (KhConsoleView *self)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (KH_IS_CONSOLE_VIEW (self));

  buffer = kh_console_view_get_buffer (self);
  /* Pending replies find their entry gone and are dropped. */
  while (!g_queue_is_empty (&self->entries))
    kh_console_view_forget_entry (self, g_queue_pop_head (&self->entries));
  gtk_text_buffer_set_text (buffer, "", 0);
}

guint
kh_console_view_get_n_entries (KhConsoleView *self)
{
  g_return_val_if_fail (KH_IS_CONSOLE_VIEW (self), 0);
  return self->entries.length;
}

guint
kh_console_view_get_n_pending (KhConsoleView *self)
{
  g_return_val_if_fail (KH_IS_CONSOLE_VIEW (self), 0);
  return self->n_pending;
}
