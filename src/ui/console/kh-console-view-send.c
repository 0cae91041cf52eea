/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-console-view-send.c: what the console does with a command
 *
 * The console shares the session's connection with every other panel, so
 * what would take that connection over (MONITOR, SUBSCRIBE, blocking reads,
 * transactions) is not sent: a line says why and where to go instead.
 * Dangerous commands are confirmed first (KEYS only on a large database);
 * the rest is sent, and its reply fills the command's entry.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-command-info.h"
#include "kh-console-view-private.h"
#include "kh-error.h"

/* KEYS asks first only past this many keys. */
#define KEYS_CONFIRM_THRESHOLD 10000

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

/* Requests */

KhConsoleRequest *
kh_console_request_new (KhConsoleView   *self,
                        KhConsoleEntry  *entry,
                        const KhCommand *command)
{
  KhConsoleRequest *request = g_new0 (KhConsoleRequest, 1);

  request->self = g_object_ref (self);
  request->entry = entry != NULL ? kh_console_entry_ref (entry) : NULL;
  request->command = command != NULL ? kh_command_copy (command) : NULL;
  return request;
}

void
kh_console_request_free (KhConsoleRequest *request)
{
  g_clear_pointer (&request->entry, kh_console_entry_unref);
  g_clear_pointer (&request->command, kh_command_free);
  g_object_unref (request->self);
  g_free (request);
}

static void
request_closure_free (gpointer  data,
                      GClosure *closure)
{
  kh_console_request_free (data);
}

/* Sending */

static void
on_reply (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KhConsoleRequest) request = user_data;
  KhConsoleView *self = request->self;
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextTag *tag = NULL;
  gboolean truncated = FALSE;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  /* A write typed here may have changed or deleted what a value view shows:
   * which keys is not worked out, the views check theirs */
  if (reply != NULL && reply->kind != KH_REPLY_ERROR &&
      (kh_command_info_classify (request->command) & KH_COMMAND_WRITE) != 0)
    kh_session_key_changed (KH_SESSION (object), NULL,
                            KH_KEY_CHANGED_VALUE | KH_KEY_CHANGED_TTL | KH_KEY_CHANGED_GONE);
  if (self->disposed)
    return;
  self->n_pending--;

  if (reply == NULL)
    {
      kh_console_view_fill_error (self, request->entry, error);
      return;
    }

  text = kh_console_format_reply (reply, request->command, &truncated);
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
                      KhConsoleEntry  *entry,
                      const KhCommand *command)
{
  self->n_pending++;
  kh_session_send_async (self->session, kh_command_copy (command), self->cancellable,
                         on_reply, kh_console_request_new (self, entry, command));
}

/* Asking first */

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  KhConsoleRequest *request = user_data;
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
  g_clear_pointer (&request->entry, kh_console_entry_unref);
}

static void
kh_console_view_confirm (KhConsoleView   *self,
                         KhConsoleEntry  *entry,
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
                         kh_console_request_new (self, entry, command), request_closure_free,
                         G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_dbsize (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KhConsoleRequest) request = user_data;
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

/* Refusing what the shared connection cannot take */

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

void
kh_console_view_dispatch (KhConsoleView   *self,
                          KhConsoleEntry  *entry,
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
      kh_console_view_emit_open_view (self, "monitor");
      return;
    }

  if (flags & KH_COMMAND_SUBSCRIBE)
    {
      text = g_strdup_printf (_("%s was not sent: it would take over the connection every panel shares. "
                                "The Pub/Sub view subscribes on a connection of its own."), name);
      kh_console_view_note (self, entry, text);
      kh_console_view_emit_open_view (self, "pubsub");
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
                                 on_dbsize, kh_console_request_new (self, entry, command));
        }
      else
        kh_console_view_confirm (self, entry, command, NULL);
      return;
    }

  kh_console_view_send (self, entry, command);
}
