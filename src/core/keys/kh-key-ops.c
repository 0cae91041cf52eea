/* kh-key-ops.c: delete, rename, TTL, exact lookup and bulk delete
 *
 * Writes are refused on read-only sessions before anything is sent, and once
 * a write is sent it is not reported as cancelled: the server will carry it
 * out whatever we do, so the caller learns what really happened. Commands
 * that belong together (EXISTS + TYPE + PTTL) go out pipelined.
 *
 * Bulk delete never uses KEYS: it walks the keyspace with SCAN MATCH (COUNT
 * adapting as in KhKeyScanner) and deletes what it finds in UNLINK batches
 * while the scan goes on, a few batches deep, so a large delete neither
 * stalls the server nor waits a round trip per batch.
 */
#include "config.h"

#include "kh-key-ops.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-key-item.h"
#include "kh-key-scanner.h"

/* Past this many distinct keys a preview stops de-duplicating what SCAN
 * returns (it may repeat a key while the server rehashes) to bound memory. */
#define PREVIEW_DEDUP_LIMIT 200000
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

static gboolean
return_if_read_only (GTask      *task,
                     KhSession  *session,
                     const char *message)
{
  if (!kh_session_is_read_only (session))
    return FALSE;

  g_task_return_new_error (task, KH_ERROR, KH_ERROR_READ_ONLY, "%s", message);
  return TRUE;
}

static GTask *
new_task (KhSession           *session,
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

static gboolean
reply_integer (KhReply *reply,
               gint64  *value)
{
  if (reply == NULL || reply->kind != KH_REPLY_INTEGER)
    return FALSE;
  *value = reply->integer;
  return TRUE;
}

static GError *
unexpected_reply (const char *command)
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
  else if (!reply_integer (replies[0], &n))
    g_task_return_error (task, unexpected_reply ("UNLINK"));
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

  task = new_task (session, cancellable, callback, user_data, kh_key_delete_async);
  set_key_data (task, key);
  if (return_if_read_only (task, session,
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
  else if (replies[0]->kind != KH_REPLY_STATUS && !reply_integer (replies[0], &n))
    g_task_return_error (task, unexpected_reply ("RENAMENX"));
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

  task = new_task (session, cancellable, callback, user_data, kh_key_rename_async);
  set_key_data (task, key);
  get_key_data (task)->target_name = display_key (new_key);
  get_key_data (task)->new_key = g_bytes_ref (new_key);
  if (return_if_read_only (task, session,
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
  else if (!reply_integer (replies[0], &n))
    g_task_return_error (task, unexpected_reply ("PEXPIRE"));
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

  task = new_task (session, cancellable, callback, user_data, kh_key_set_ttl_async);
  set_key_data (task, key);
  if (return_if_read_only (task, session,
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
  else if (!reply_integer (replies[0], &persisted))
    g_task_return_error (task, unexpected_reply ("PERSIST"));
  else if (persisted == 0 && reply_integer (replies[1], &exists) && exists == 0)
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

  task = new_task (session, cancellable, callback, user_data, kh_key_clear_ttl_async);
  set_key_data (task, key);
  if (return_if_read_only (task, session,
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

  if (!reply_integer (replies[0], &exists) || !reply_integer (replies[2], &pttl) ||
      (replies[1]->kind != KH_REPLY_STATUS && replies[1]->kind != KH_REPLY_STRING))
    {
      g_task_return_error (task, unexpected_reply ("TYPE"));
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

/* Bulk delete and its preview */

typedef struct {
  KhSession             *session;
  GBytes                *pattern;
  gboolean               delete;
  KhKeyBulkProgressFunc  progress_func;
  gpointer               progress_data;

  char                  *cursor;
  guint                  count;
  gint64                 sent_us;
  gint64                 base_rtt_us;
  guint64                scanned_estimate;  /* sum of COUNTs: roughly, keys the server looked at */
  gboolean               scan_in_flight;
  gboolean               scan_done;
  gboolean               stopping;          /* cancelled or failed: no more SCAN, no more batches */
  gboolean               completed;

  GPtrArray             *to_delete;         /* GBytes found, not sent yet */
  guint                  n_batches_in_flight;
  GPtrArray             *sample;            /* GBytes, preview only */
  GHashTable            *seen;              /* GBytes set, preview only */

  KhKeyBulkProgress      progress;
  GError                *error;
} BulkJob;

static void bulk_pump (GTask *task);

static void
bulk_job_free (gpointer data)
{
  BulkJob *job = data;

  g_object_unref (job->session);
  g_bytes_unref (job->pattern);
  g_free (job->cursor);
  g_ptr_array_unref (job->to_delete);
  g_clear_pointer (&job->sample, g_ptr_array_unref);
  g_clear_pointer (&job->seen, g_hash_table_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
bulk_report (BulkJob *job)
{
  if (job->progress.db_size > 0)
    job->progress.fraction = MIN (0.99, (double) job->scanned_estimate / (double) job->progress.db_size);
  if (job->progress.done)
    job->progress.fraction = 1.0;
  if (job->progress_func != NULL)
    job->progress_func (&job->progress, job->progress_data);
}

static void
bulk_stop (BulkJob *job,
           GError  *error)
{
  job->stopping = TRUE;
  if (job->error == NULL)
    job->error = error;
  else
    g_error_free (error);
}

static void
bulk_complete (GTask *task)
{
  BulkJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  job->completed = TRUE;
  job->progress.done = TRUE;
  bulk_report (job);
  /* Which keys went is not kept: the views check theirs */
  if (job->delete && job->progress.n_deleted > 0)
    kh_session_key_changed (job->session, NULL, KH_KEY_CHANGED_GONE);

  if (job->error == NULL && job->stopping && g_cancellable_is_cancelled (cancellable))
    job->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  if (job->error == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (job->delete)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "Deleted %llu key before you stopped",
                                              "Deleted %llu keys before you stopped",
                                              job->progress.n_deleted),
                                 (unsigned long long) job->progress.n_deleted);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("Stopped counting after %llu matching keys"),
                                 (unsigned long long) job->progress.n_seen);
    }
  else if (job->delete)
    g_task_return_new_error (task, job->error->domain, job->error->code,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "%s. Deleted %llu key before that",
                                          "%s. Deleted %llu keys before that",
                                          job->progress.n_deleted),
                             job->error->message, (unsigned long long) job->progress.n_deleted);
  else
    g_task_return_error (task, g_steal_pointer (&job->error));
}

static void
on_batch_deleted (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BulkJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  gint64 n;

  job->n_batches_in_flight--;
  if (error != NULL)
    bulk_stop (job, g_error_new (error->domain, error->code, _("Could not delete keys: %s"), error->message));
  else if (!reply_integer (reply, &n))
    bulk_stop (job, unexpected_reply ("UNLINK"));
  else
    job->progress.n_deleted += (guint64) MAX (n, 0);

  bulk_report (job);
  bulk_pump (task);
}

static void
bulk_send_batch (GTask *task)
{
  BulkJob *job = g_task_get_task_data (task);
  guint n = MIN (job->to_delete->len, KH_KEY_BULK_DELETE_BATCH);
  g_autoptr(KhCommand) command = NULL;

  command = kh_command_new (kh_session_has_command (job->session, "UNLINK") ? "UNLINK" : "DEL");
  for (guint i = 0; i < n; i++)
    kh_command_add_bytes (command, g_ptr_array_index (job->to_delete, i));
  g_ptr_array_remove_range (job->to_delete, 0, n);

  job->n_batches_in_flight++;
  /* No cancellable: once sent, the batch is deleted, and the tally must say so. */
  kh_session_send_async (job->session, g_steal_pointer (&command), NULL, on_batch_deleted, g_object_ref (task));
}

static void
on_bulk_scan (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BulkJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  gint64 elapsed = g_get_monotonic_time () - job->sent_us;
  KhReply *cursor, *keys;

  job->scan_in_flight = FALSE;
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bulk_stop (job, g_steal_pointer (&error));
      else
        bulk_stop (job, g_error_new (error->domain, error->code, _("Could not list the matching keys: %s"),
                                     error->message));
      bulk_pump (task);
      return;
    }

  cursor = kh_reply_get_element (reply, 0);
  keys = kh_reply_get_element (reply, 1);
  if (reply->kind != KH_REPLY_ARRAY || reply->len != 2 || cursor == NULL || cursor->kind != KH_REPLY_STRING ||
      keys == NULL || keys->kind != KH_REPLY_ARRAY)
    {
      bulk_stop (job, unexpected_reply ("SCAN"));
      bulk_pump (task);
      return;
    }

  for (gsize i = 0; i < keys->len; i++)
    {
      KhReply *key = keys->element[i];
      g_autoptr(GBytes) bytes = NULL;

      if (key->kind != KH_REPLY_STRING)
        continue;
      bytes = g_bytes_new (key->str, key->len);
      if (job->delete)
        {
          job->progress.n_seen++;
          g_ptr_array_add (job->to_delete, g_steal_pointer (&bytes));
          continue;
        }
      if (job->seen != NULL)
        {
          if (g_hash_table_contains (job->seen, bytes))
            continue;
          if (g_hash_table_size (job->seen) < PREVIEW_DEDUP_LIMIT)
            g_hash_table_add (job->seen, g_bytes_ref (bytes));
        }
      job->progress.n_seen++;
      if (job->sample->len < KH_KEY_BULK_PREVIEW_SAMPLE)
        g_ptr_array_add (job->sample, g_steal_pointer (&bytes));
    }

  job->scanned_estimate += job->count;
  if (elapsed < job->base_rtt_us)
    job->base_rtt_us = elapsed;
  job->count = kh_key_scanner_next_count (job->count, elapsed - job->base_rtt_us, job->base_rtt_us);

  g_free (job->cursor);
  job->cursor = g_strndup (cursor->str, cursor->len);
  if (g_str_equal (job->cursor, "0"))
    job->scan_done = TRUE;

  bulk_report (job);
  bulk_pump (task);
}

static void
bulk_send_scan (GTask *task)
{
  BulkJob *job = g_task_get_task_data (task);
  KhCommand *command = kh_command_new_va ("SCAN", job->cursor, "MATCH", NULL);

  kh_command_add_bytes (command, job->pattern);
  kh_command_add (command, "COUNT");
  kh_command_add_int (command, job->count);

  job->scan_in_flight = TRUE;
  job->sent_us = g_get_monotonic_time ();
  kh_session_send_async (job->session, command, g_task_get_cancellable (task), on_bulk_scan, g_object_ref (task));
}

/* Decides what to send next, and finishes when nothing is left in flight. */
static void
bulk_pump (GTask *task)
{
  BulkJob *job = g_task_get_task_data (task);

  if (job->completed)
    return;

  if (!job->stopping && g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    bulk_stop (job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"));

  if (!job->stopping)
    {
      /* Full batches as soon as there are some; the rest once the scan ends. */
      while (job->n_batches_in_flight < KH_KEY_BULK_DELETE_DEPTH &&
             (job->to_delete->len >= KH_KEY_BULK_DELETE_BATCH ||
              (job->scan_done && job->to_delete->len > 0)))
        bulk_send_batch (task);

      /* Scan further only while deletes keep up, so memory stays bounded. */
      if (!job->scan_done && !job->scan_in_flight &&
          job->to_delete->len < KH_KEY_BULK_DELETE_BATCH)
        bulk_send_scan (task);
    }

  if (!job->scan_in_flight && job->n_batches_in_flight == 0 &&
      (job->stopping || (job->scan_done && job->to_delete->len == 0)))
    bulk_complete (task);
}

static void
on_bulk_dbsize (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BulkJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  gint64 size;

  job->scan_in_flight = FALSE;
  job->base_rtt_us = g_get_monotonic_time () - job->sent_us;
  if (reply_integer (reply, &size))
    job->progress.db_size = (guint64) MAX (size, 0);
  else if (error != NULL && !g_error_matches (error, KH_ERROR, KH_ERROR_SERVER))
    {
      /* Cancelled or disconnected; a server that only refuses DBSIZE is fine. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bulk_stop (job, g_steal_pointer (&error));
      else
        bulk_stop (job, g_error_new (error->domain, error->code, _("Could not list the matching keys: %s"),
                                     error->message));
    }
  bulk_report (job);
  bulk_pump (task);
}

static void
bulk_start (KhSession             *session,
            GBytes                *pattern,
            gboolean               delete,
            KhKeyBulkProgressFunc  progress,
            gpointer               progress_data,
            GCancellable          *cancellable,
            GAsyncReadyCallback    callback,
            gpointer               user_data,
            gpointer               source_tag)
{
  g_autoptr(GTask) task = NULL;
  BulkJob *job;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (pattern != NULL);

  task = new_task (session, cancellable, callback, user_data, source_tag);
  job = g_new0 (BulkJob, 1);
  job->session = g_object_ref (session);
  job->pattern = g_bytes_ref (pattern);
  job->delete = delete;
  job->progress_func = progress;
  job->progress_data = progress_data;
  job->cursor = g_strdup ("0");
  job->count = 1000;
  job->to_delete = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (!delete)
    {
      job->sample = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      job->seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
    }
  g_task_set_task_data (task, job, bulk_job_free);

  if (return_if_read_only (task, session,
                           _("No keys were deleted because this connection is read-only. "
                             "Turn off read-only in the connection settings to change data.")))
    return;
  if (g_bytes_get_size (pattern) == 0)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                               _("Enter a pattern for the keys to delete, such as “session:*”"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* DBSIZE gives a total for progress, and its round trip the link's latency. */
  job->scan_in_flight = TRUE;
  job->sent_us = g_get_monotonic_time ();
  kh_session_send_async (session, kh_command_new ("DBSIZE"), cancellable, on_bulk_dbsize, g_object_ref (task));
}

void
kh_key_bulk_delete_preview_async (KhSession             *session,
                                  GBytes                *pattern,
                                  KhKeyBulkProgressFunc  progress,
                                  gpointer               progress_data,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  bulk_start (session, pattern, FALSE, progress, progress_data, cancellable, callback, user_data,
              kh_key_bulk_delete_preview_async);
}

gboolean
kh_key_bulk_delete_preview_finish (KhSession     *session,
                                   GAsyncResult  *result,
                                   guint64       *n_matched,
                                   GPtrArray    **sample,
                                   GError       **error)
{
  BulkJob *job;

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (n_matched != NULL)
    *n_matched = job->progress.n_seen;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      if (sample != NULL)
        *sample = NULL;
      return FALSE;
    }
  if (sample != NULL)
    *sample = g_ptr_array_ref (job->sample);
  return TRUE;
}

void
kh_key_bulk_delete_async (KhSession             *session,
                          GBytes                *pattern,
                          KhKeyBulkProgressFunc  progress,
                          gpointer               progress_data,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  bulk_start (session, pattern, TRUE, progress, progress_data, cancellable, callback, user_data,
              kh_key_bulk_delete_async);
}

gboolean
kh_key_bulk_delete_finish (KhSession     *session,
                           GAsyncResult  *result,
                           guint64       *n_deleted,
                           GError       **error)
{
  BulkJob *job;

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (n_deleted != NULL)
    *n_deleted = job->progress.n_deleted;
  return g_task_propagate_boolean (G_TASK (result), error);
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
