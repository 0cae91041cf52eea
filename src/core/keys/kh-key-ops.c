/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-ops.c: delete, rename, TTL and exact lookup
 *
 * Writes are refused on read-only sessions before anything is sent, and once
 * a write is sent it is not reported as cancelled: the server will carry it
 * out whatever we do, so the caller learns what really happened. Commands
 * that belong together (EXISTS + TYPE + PTTL) go out pipelined.
 *
 * Bulk delete, the job walking the keyspace, is in kh-key-bulk-delete.c.
 */
#include "config.h"

#include "kh-key-ops.h"
#include "kh-key-ops-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-key-item.h"
#include "kh-key-scanner.h"

#define KEY_DISPLAY_MAX 60

/* A key as a user reads it in a sentence: escaped and shortened. */
static char *
display_key (GBytes *key)
{
  gsize len;
  const char *data = g_bytes_get_data (key, &len);
  g_autofree char *escaped = kh_key_escape (data, len);

  if (g_utf8_strlen (escaped, -1) > KEY_DISPLAY_MAX)
    {
      g_autofree char *head = g_utf8_substring (escaped, 0, KEY_DISPLAY_MAX - 1);

      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&escaped);
}

gboolean
_kh_key_ops_return_if_read_only (GTask      *task,
                     KhSession  *session,
                     const char *message)
{
  if (!kh_session_is_read_only (session))
    return FALSE;

  g_task_return_new_error (task, KH_ERROR, KH_ERROR_READ_ONLY, "%s", message);
  return TRUE;
}

GTask *
_kh_key_ops_new_task (KhSession           *session,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* A write that was sent is not undone by cancelling: report the outcome. */
  g_task_set_check_cancellable (task, FALSE);
  return task;
}

typedef enum {
  OP_DELETE,
  OP_RENAME,
  OP_SET_TTL,
  OP_CLEAR_TTL,
  OP_LOOKUP,
} Op;

/* Turns a failed command into a sentence about @key; whole sentences, so
 * that translators see them whole. */
static GError *
key_error (GError *cause,
           Op      op,
           GBytes *key)
{
  g_autofree char *name = display_key (key);
  GError *error;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return cause;

  switch (op)
    {
    case OP_DELETE:
      error = g_error_new (cause->domain, cause->code, _("Could not delete “%s”: %s"), name, cause->message);
      break;
    case OP_RENAME:
      error = g_error_new (cause->domain, cause->code, _("Could not rename “%s”: %s"), name, cause->message);
      break;
    case OP_SET_TTL:
      error = g_error_new (cause->domain, cause->code, _("Could not set the time to live of “%s”: %s"),
                           name, cause->message);
      break;
    case OP_CLEAR_TTL:
      error = g_error_new (cause->domain, cause->code, _("Could not remove the time to live of “%s”: %s"),
                           name, cause->message);
      break;
    case OP_LOOKUP:
    default:
      error = g_error_new (cause->domain, cause->code, _("Could not look up “%s”: %s"), name, cause->message);
      break;
    }
  g_error_free (cause);
  return error;
}

/* Pipelines: n commands out together, one callback when all replies are in */

typedef void (*PipelineDone) (GTask     *task,
                              KhReply  **replies,
                              GError   **errors);

typedef struct {
  guint        n;
  guint        n_left;
  KhReply     *replies[4];
  GError      *errors[4];
  PipelineDone done;
} Pipeline;

typedef struct {
  GTask *task;
  guint  index;
} PipelineSlot;

static void
pipeline_free (gpointer data)
{
  Pipeline *pipeline = data;

  for (guint i = 0; i < pipeline->n; i++)
    {
      g_clear_pointer (&pipeline->replies[i], kh_reply_unref);
      g_clear_error (&pipeline->errors[i]);
    }
  g_free (pipeline);
}

static void
on_pipeline_reply (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autofree PipelineSlot *slot = user_data;
  g_autoptr(GTask) task = slot->task;
  Pipeline *pipeline = g_task_get_task_data (task);

  pipeline->replies[slot->index] = kh_session_send_finish (KH_SESSION (object), result,
                                                           &pipeline->errors[slot->index]);
  if (--pipeline->n_left == 0)
    pipeline->done (task, pipeline->replies, pipeline->errors);
}

/* Sends @commands (transfer full, NULL-terminated, at most 4) pipelined. */
static void
send_pipeline (GTask        *task,
               KhCommand   **commands,
               GCancellable *cancellable,
               PipelineDone  done)
{
  KhSession *session = g_task_get_source_object (task);
  Pipeline *pipeline = g_new0 (Pipeline, 1);

  while (commands[pipeline->n] != NULL)
    pipeline->n++;
  g_assert (pipeline->n <= G_N_ELEMENTS (pipeline->replies));
  pipeline->n_left = pipeline->n;
  pipeline->done = done;
  g_task_set_task_data (task, pipeline, pipeline_free);

  for (guint i = 0; i < pipeline->n; i++)
    {
      PipelineSlot *slot = g_new (PipelineSlot, 1);

      slot->task = g_object_ref (task);
      slot->index = i;
      kh_session_send_async (session, commands[i], cancellable, on_pipeline_reply, slot);
    }
}

static KhCommand *
key_command (const char *name,
             GBytes     *key)
{
  KhCommand *command = kh_command_new (name);

  kh_command_add_bytes (command, key);
  return command;
}

gboolean
_kh_key_ops_reply_integer (KhReply *reply,
               gint64  *value)
{
  if (reply == NULL || reply->kind != KH_REPLY_INTEGER)
    return FALSE;
  *value = reply->integer;
  return TRUE;
}

GError *
_kh_key_ops_unexpected_reply (const char *command)
{
  return g_error_new (KH_ERROR, KH_ERROR_PROTOCOL, _("The server gave an unexpected answer to %s"), command);
}

/* Delete */

typedef struct {
  GBytes *key;
  gboolean existed;
  char    *target_name;   /* rename: the new name, for the conflict sentence */
  GBytes  *new_key;       /* rename */
} KeyData;

static void
key_data_free (gpointer data)
{
  KeyData *key_data = data;

  g_bytes_unref (key_data->key);
  g_clear_pointer (&key_data->new_key, g_bytes_unref);
  g_free (key_data->target_name);
  g_free (key_data);
}

static KeyData *
get_key_data (GTask *task)
{
  return g_object_get_data (G_OBJECT (task), "kh-key-data");
}

static void
set_key_data (GTask  *task,
              GBytes *key)
{
  KeyData *key_data = g_new0 (KeyData, 1);

  key_data->key = g_bytes_ref (key);
  g_object_set_data_full (G_OBJECT (task), "kh-key-data", key_data, key_data_free);
}

/* Tells every view of the key what the server did to it */
static void
note_change (GTask       *task,
             GBytes      *key,
             KhKeyChange  change)
{
  kh_session_key_changed (g_task_get_source_object (task), key, change);
}

static void
on_deleted (GTask     *task,
            KhReply  **replies,
            GError   **errors)
{
  KeyData *key_data = get_key_data (task);
  gint64 n;

  if (errors[0] != NULL)
    g_task_return_error (task, key_error (g_steal_pointer (&errors[0]), OP_DELETE, key_data->key));
  else if (!_kh_key_ops_reply_integer (replies[0], &n))
    g_task_return_error (task, _kh_key_ops_unexpected_reply ("UNLINK"));
  else
    {
      key_data->existed = n > 0;
      note_change (task, key_data->key, KH_KEY_CHANGED_GONE);
      g_task_return_boolean (task, TRUE);
    }
}

void
kh_key_delete_async (KhSession           *session,
                     GBytes              *key,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *commands[2] = { NULL, NULL };

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = _kh_key_ops_new_task (session, cancellable, callback, user_data, kh_key_delete_async);
  set_key_data (task, key);
  if (_kh_key_ops_return_if_read_only (task, session,
                           _("The key was not deleted because this connection is read-only. "
                             "Turn off read-only in the connection settings to change data.")))
    return;
  if (g_task_return_error_if_cancelled (task))
    return;

  commands[0] = key_command (kh_session_has_command (session, "UNLINK") ? "UNLINK" : "DEL", key);
  send_pipeline (task, commands, NULL, on_deleted);
}

gboolean
kh_key_delete_finish (KhSession     *session,
                      GAsyncResult  *result,
                      gboolean      *existed,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  if (existed != NULL)
    {
      KeyData *key_data = get_key_data (G_TASK (result));

      *existed = key_data != NULL && key_data->existed;
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Rename */

static GError *
not_found_error (GBytes *key)
{
  g_autofree char *name = display_key (key);

  return g_error_new (KH_ERROR, KH_ERROR_NOT_FOUND,
                      _("The key “%s” no longer exists; it may have expired or been deleted"), name);
}

/* "ERR no such key" is how RENAME says the source is gone. */
static gboolean
is_no_such_key (const GError *error)
{
  return g_error_matches (error, KH_ERROR, KH_ERROR_SERVER) &&
         strstr (error->message, "no such key") != NULL;
}

static void
on_renamed (GTask     *task,
            KhReply  **replies,
            GError   **errors)
{
  KeyData *key_data = get_key_data (task);
  gint64 n;

  if (is_no_such_key (errors[0]))
    {
      note_change (task, key_data->key, KH_KEY_CHANGED_GONE);
      g_task_return_error (task, not_found_error (key_data->key));
    }
  else if (errors[0] != NULL)
    g_task_return_error (task, key_error (g_steal_pointer (&errors[0]), OP_RENAME, key_data->key));
  else if (replies[0]->kind != KH_REPLY_STATUS && !_kh_key_ops_reply_integer (replies[0], &n))
    g_task_return_error (task, _kh_key_ops_unexpected_reply ("RENAMENX"));
  else if (replies[0]->kind != KH_REPLY_STATUS && n == 0)
    g_task_return_new_error (task, KH_ERROR, KH_ERROR_CONFLICT,
                             _("A key named “%s” already exists"), key_data->target_name);
  else
    {
      note_change (task, key_data->key, KH_KEY_CHANGED_GONE);
      note_change (task, key_data->new_key, KH_KEY_CHANGED_NEW);
      g_task_return_boolean (task, TRUE);
    }
}

void
kh_key_rename_async (KhSession           *session,
                     GBytes              *key,
                     GBytes              *new_key,
                     KhKeyRenameFlags     flags,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *commands[2] = { NULL, NULL };
  gboolean overwrite = (flags & KH_KEY_RENAME_OVERWRITE) != 0;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (new_key != NULL);

  task = _kh_key_ops_new_task (session, cancellable, callback, user_data, kh_key_rename_async);
  set_key_data (task, key);
  get_key_data (task)->target_name = display_key (new_key);
  get_key_data (task)->new_key = g_bytes_ref (new_key);
  if (_kh_key_ops_return_if_read_only (task, session,
                           _("The key was not renamed because this connection is read-only. "
                             "Turn off read-only in the connection settings to change data.")))
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  if (g_bytes_get_size (new_key) == 0)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT, _("Enter a name for the key"));
      return;
    }
  if (g_bytes_equal (key, new_key))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  commands[0] = key_command (overwrite ? "RENAME" : "RENAMENX", key);
  kh_command_add_bytes (commands[0], new_key);
  send_pipeline (task, commands, NULL, on_renamed);
}

gboolean
kh_key_rename_finish (KhSession     *session,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* TTL */

static void
on_ttl_set (GTask     *task,
            KhReply  **replies,
            GError   **errors)
{
  KeyData *key_data = get_key_data (task);
  gint64 n;

  if (errors[0] != NULL)
    g_task_return_error (task, key_error (g_steal_pointer (&errors[0]), OP_SET_TTL, key_data->key));
  else if (!_kh_key_ops_reply_integer (replies[0], &n))
    g_task_return_error (task, _kh_key_ops_unexpected_reply ("PEXPIRE"));
  else if (n == 0)
    {
      note_change (task, key_data->key, KH_KEY_CHANGED_GONE);
      g_task_return_error (task, not_found_error (key_data->key));
    }
  else
    {
      note_change (task, key_data->key, KH_KEY_CHANGED_TTL);
      g_task_return_boolean (task, TRUE);
    }
}

void
kh_key_set_ttl_async (KhSession           *session,
                      GBytes              *key,
                      gint64               ttl_ms,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *commands[2] = { NULL, NULL };

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = _kh_key_ops_new_task (session, cancellable, callback, user_data, kh_key_set_ttl_async);
  set_key_data (task, key);
  if (_kh_key_ops_return_if_read_only (task, session,
                           _("The time to live was not changed because this connection is read-only. "
                             "Turn off read-only in the connection settings to change data.")))
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  if (ttl_ms <= 0)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                               _("The time to live must be longer than zero; to remove the key, delete it"));
      return;
    }

  if (kh_session_has_command (session, "PEXPIRE"))
    {
      commands[0] = key_command ("PEXPIRE", key);
      kh_command_add_int (commands[0], ttl_ms);
    }
  else
    {
      commands[0] = key_command ("EXPIRE", key);
      kh_command_add_int (commands[0], ttl_ms / 1000 + (ttl_ms % 1000 != 0));
    }
  send_pipeline (task, commands, NULL, on_ttl_set);
}

gboolean
kh_key_set_ttl_finish (KhSession     *session,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_ttl_cleared (GTask     *task,
                KhReply  **replies,
                GError   **errors)
{
  KeyData *key_data = get_key_data (task);
  gint64 persisted, exists;

  if (errors[0] != NULL)
    g_task_return_error (task, key_error (g_steal_pointer (&errors[0]), OP_CLEAR_TTL, key_data->key));
  else if (!_kh_key_ops_reply_integer (replies[0], &persisted))
    g_task_return_error (task, _kh_key_ops_unexpected_reply ("PERSIST"));
  else if (persisted == 0 && _kh_key_ops_reply_integer (replies[1], &exists) && exists == 0)
    {
      note_change (task, key_data->key, KH_KEY_CHANGED_GONE);
      g_task_return_error (task, not_found_error (key_data->key));
    }
  else
    {
      note_change (task, key_data->key, KH_KEY_CHANGED_TTL);
      g_task_return_boolean (task, TRUE);
    }
}

void
kh_key_clear_ttl_async (KhSession           *session,
                        GBytes              *key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *commands[3] = { NULL, NULL, NULL };

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = _kh_key_ops_new_task (session, cancellable, callback, user_data, kh_key_clear_ttl_async);
  set_key_data (task, key);
  if (_kh_key_ops_return_if_read_only (task, session,
                           _("The time to live was not changed because this connection is read-only. "
                             "Turn off read-only in the connection settings to change data.")))
    return;
  if (g_task_return_error_if_cancelled (task))
    return;

  /* PERSIST answers 0 both for "no TTL" and "no key"; EXISTS tells them apart. */
  commands[0] = key_command ("PERSIST", key);
  commands[1] = key_command ("EXISTS", key);
  send_pipeline (task, commands, NULL, on_ttl_cleared);
}

gboolean
kh_key_clear_ttl_finish (KhSession     *session,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Lookup */

static void
on_looked_up (GTask     *task,
              KhReply  **replies,
              GError   **errors)
{
  KeyData *key_data = get_key_data (task);
  KhKeyLookup *lookup;
  gint64 exists, pttl;

  for (guint i = 0; i < 3; i++)
    if (errors[i] != NULL)
      {
        g_task_return_error (task, key_error (g_steal_pointer (&errors[i]), OP_LOOKUP, key_data->key));
        return;
      }

  if (!_kh_key_ops_reply_integer (replies[0], &exists) || !_kh_key_ops_reply_integer (replies[2], &pttl) ||
      (replies[1]->kind != KH_REPLY_STATUS && replies[1]->kind != KH_REPLY_STRING))
    {
      g_task_return_error (task, _kh_key_ops_unexpected_reply ("TYPE"));
      return;
    }

  lookup = g_new0 (KhKeyLookup, 1);
  lookup->exists = exists > 0 && pttl != KH_KEY_TTL_MISSING;
  lookup->ttl_ms = lookup->exists ? MAX (pttl, KH_KEY_TTL_PERSISTENT) : KH_KEY_TTL_MISSING;
  if (lookup->exists)
    {
      g_autofree char *type = g_strndup (replies[1]->str, replies[1]->len);

      /* It may have expired between EXISTS and TYPE. */
      if (g_str_equal (type, "none"))
        {
          lookup->exists = FALSE;
          lookup->ttl_ms = KH_KEY_TTL_MISSING;
        }
      else
        lookup->key_type = g_intern_string (type);
    }
  g_task_return_pointer (task, lookup, g_free);
}

void
kh_key_lookup_async (KhSession           *session,
                     GBytes              *key,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *commands[4] = { NULL, NULL, NULL, NULL };

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_key_lookup_async);
  set_key_data (task, key);

  commands[0] = key_command ("EXISTS", key);
  commands[1] = key_command ("TYPE", key);
  commands[2] = key_command ("PTTL", key);
  send_pipeline (task, commands, cancellable, on_looked_up);
}

gboolean
kh_key_lookup_finish (KhSession     *session,
                      GAsyncResult  *result,
                      KhKeyLookup   *lookup,
                      GError       **error)
{
  g_autofree KhKeyLookup *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;
  if (lookup != NULL)
    *lookup = *found;
  return TRUE;
}

/* Patterns */

char *
kh_key_ops_escape_glob (const char *str,
                        gsize       len,
                        gsize      *out_len)
{
  GString *out;

  g_return_val_if_fail (str != NULL || len == 0, NULL);

  out = g_string_sized_new (len + 8);
  for (gsize i = 0; i < len; i++)
    {
      char c = str[i];

      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, c);
    }
  if (out_len != NULL)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

GBytes *
kh_key_ops_namespace_pattern (GBytes *prefix)
{
  gsize len, escaped_len;
  const char *data;
  char *escaped;

  g_return_val_if_fail (prefix != NULL, NULL);

  data = g_bytes_get_data (prefix, &len);
  escaped = kh_key_ops_escape_glob (data, len, &escaped_len);
  /* Room for the "*" is there: the string had a NUL at escaped[escaped_len]. */
  escaped = g_realloc (escaped, escaped_len + 2);
  escaped[escaped_len] = '*';
  escaped[escaped_len + 1] = '\0';
  return g_bytes_new_take (escaped, escaped_len + 1);
}
