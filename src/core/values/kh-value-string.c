/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-string.c: string values: the first megabyte, all of it, or
 * streamed to a file
 *
 * A plain load asks STRLEN and GETRANGE together, so a 500 MB value costs one
 * round trip and a megabyte. Saving to a file walks the value with GETRANGE
 * chunks, two on the wire while the previous one is written, so memory stays
 * at a few chunks whatever the size.
 */
#include "config.h"

#include "kh-value-string.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-value-private.h"

/* Chunks requested or waiting to be written at once when saving. */
#define SAVE_DEPTH 2
/* GET of a whole value: time for hundreds of megabytes over a slow link. */
#define LOAD_ALL_TIMEOUT_MS (10 * 60 * 1000)
/* Larger values are loaded in chunks of KH_VALUE_STRING_CHUNK bytes */
#define LOAD_ALL_CHUNKED_BYTES (4 * KH_VALUE_STRING_CHUNK)

static GTask *
new_task (KhSession           *session,
          GBytes              *key,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_object_set_data_full (G_OBJECT (task), "kh-value-key", g_bytes_ref (key),
                          (GDestroyNotify) g_bytes_unref);
  return task;
}

static GBytes *
task_key (GTask *task)
{
  return g_object_get_data (G_OBJECT (task), "kh-value-key");
}

static void
return_error (GTask  *task,
              GError *cause)
{
  g_autofree char *name = kh_value_display_key (task_key (task));
  g_autofree char *prefix = g_strdup_printf (_("Could not load “%s”"), name);

  g_task_return_error (task, kh_value_wrap_error (cause, prefix));
}

static GError *
not_found_error (GTask *task)
{
  g_autofree char *name = kh_value_display_key (task_key (task));

  return g_error_new (KH_ERROR, KH_ERROR_NOT_FOUND,
                      _("“%s” no longer exists; it was deleted or expired"), name);
}

/* Load, up to a threshold */

typedef struct {
  GBytes  *value;
  gboolean truncated;
  gint64   total_length;
} LoadResult;

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_pointer (&result->value, g_bytes_unref);
  g_free (result);
}

static void
on_loaded (GTask     *task,
           KhReply  **replies,
           GError   **errors,
           guint      n)
{
  gsize threshold = GPOINTER_TO_SIZE (g_task_get_task_data (task));
  LoadResult *result;

  for (guint i = 0; i < n; i++)
    if (errors[i] != NULL)
      {
        return_error (task, g_steal_pointer (&errors[i]));
        return;
      }
  if (replies[0]->kind != KH_REPLY_INTEGER || replies[1]->kind != KH_REPLY_INTEGER ||
      replies[2]->kind != KH_REPLY_STRING)
    {
      return_error (task, kh_value_unexpected_reply ("GETRANGE"));
      return;
    }
  if (replies[0]->integer == 0)
    {
      g_task_return_error (task, not_found_error (task));
      return;
    }

  result = g_new0 (LoadResult, 1);
  result->value = kh_reply_dup_bytes (replies[2]);
  /* STRLEN and GETRANGE are not atomic together: trust what GETRANGE gave. */
  result->total_length = MAX (replies[1]->integer, (gint64) replies[2]->len);
  result->truncated = replies[2]->len >= threshold && result->total_length > (gint64) replies[2]->len;
  if (!result->truncated)
    result->total_length = replies[2]->len;
  g_task_return_pointer (task, result, load_result_free);
}

void
kh_value_string_load_async (KhSession           *session,
                            GBytes              *key,
                            gsize                threshold,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *commands;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  if (threshold == 0)
    threshold = KH_VALUE_STRING_THRESHOLD;
  task = new_task (session, key, cancellable, callback, user_data, kh_value_string_load_async);
  g_task_set_task_data (task, GSIZE_TO_POINTER (threshold), NULL);

  commands = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_command_free);
  g_ptr_array_add (commands, kh_value_key_command ("EXISTS", key));
  g_ptr_array_add (commands, kh_value_key_command ("STRLEN", key));
  command = kh_value_key_command ("GETRANGE", key);
  kh_command_add_int (command, 0);
  kh_command_add_int (command, (gint64) threshold - 1);
  g_ptr_array_add (commands, command);
  kh_value_batch_send (task, commands, cancellable, on_loaded);
}

GBytes *
kh_value_string_load_finish (KhSession     *session,
                             GAsyncResult  *result,
                             gboolean      *truncated,
                             gint64        *total_length,
                             GError       **error)
{
  LoadResult *load;
  GBytes *value;

  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  load = g_task_propagate_pointer (G_TASK (result), error);
  if (load == NULL)
    return NULL;
  if (truncated != NULL)
    *truncated = load->truncated;
  if (total_length != NULL)
    *total_length = load->total_length;
  value = g_steal_pointer (&load->value);
  load_result_free (load);
  return value;
}

/* Load everything */

static void
on_loaded_all (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  reply = kh_connection_send_finish (KH_CONNECTION (object), result, &error);
  if (reply == NULL)
    return_error (task, error);
  else if (reply->kind == KH_REPLY_NIL)
    g_task_return_error (task, not_found_error (task));
  else if (reply->kind != KH_REPLY_STRING)
    return_error (task, kh_value_unexpected_reply ("GET"));
  else
    /* The reply's own bytes: copying megabytes on the main loop stalls it */
    g_task_return_pointer (task, g_bytes_new_with_free_func (reply->str, reply->len, (GDestroyNotify) kh_reply_unref,
                                                             kh_reply_ref (reply)),
                           (GDestroyNotify) g_bytes_unref);
}

static void
on_json_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    return_error (task, error);
  else if (reply->kind == KH_REPLY_NIL)
    g_task_return_error (task, not_found_error (task));
  else if (reply->kind != KH_REPLY_STRING)
    return_error (task, kh_value_unexpected_reply ("JSON.GET"));
  else
    g_task_return_pointer (task, kh_reply_dup_bytes (reply), (GDestroyNotify) g_bytes_unref);
}

/* A large value comes in chunks, each copied into place as it arrives: one
 * reply of many megabytes would be copied, page by new page, in a single
 * main loop iteration (a second for 64 MB), and the reader's buffer would
 * grow to its size. All chunks are asked at once, so the server runs them
 * back to back; a change of length meanwhile is noticed (the last chunk asks
 * one byte past the end). */
typedef struct {
  guint8              *data;
  guint64              total;
  guint64              received;
  guint                in_flight;
  GError              *error;
  KhValueProgressFunc  progress;
  gpointer             progress_data;
} Chunks;

static void
chunks_free (Chunks *chunks)
{
  g_free (chunks->data);
  g_clear_error (&chunks->error);
  g_free (chunks);
}

static void
on_load_chunk (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Chunks *chunks = g_task_get_task_data (task);
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  chunks->in_flight--;
  reply = kh_connection_send_finish (KH_CONNECTION (object), result, &error);
  if (chunks->error != NULL)
    g_clear_error (&error);
  else if (reply == NULL)
    chunks->error = error;
  else if (reply->kind != KH_REPLY_STRING)
    chunks->error = kh_value_unexpected_reply ("GETRANGE");
  else if (reply->len != MIN ((guint64) KH_VALUE_STRING_CHUNK, chunks->total - chunks->received))
    {
      g_autofree char *name = kh_value_display_key (task_key (task));

      chunks->error = g_error_new (KH_ERROR, KH_ERROR_CONFLICT,
                                   _("“%s” changed while it was being loaded; try again"), name);
    }
  else
    {
      memcpy (chunks->data + chunks->received, reply->str, reply->len);
      chunks->received += reply->len;
      if (chunks->progress != NULL)
        chunks->progress (chunks->received, chunks->total, chunks->progress_data);
    }

  if (chunks->in_flight > 0)
    return;
  if (chunks->error != NULL)
    return_error (task, g_steal_pointer (&chunks->error));
  else
    g_task_return_pointer (task, g_bytes_new_take (g_steal_pointer (&chunks->data), chunks->total),
                           (GDestroyNotify) g_bytes_unref);
}

static void
on_load_all_length (GTask     *task,
                    KhReply  **replies,
                    GError   **errors,
                    guint      n)
{
  KhSession *session = g_task_get_source_object (task);
  GBytes *key = task_key (task);
  KhConnection *connection = kh_session_get_connection (session);
  Chunks *chunks;

  for (guint i = 0; i < n; i++)
    if (errors[i] != NULL)
      {
        return_error (task, g_steal_pointer (&errors[i]));
        return;
      }
  if (replies[0]->kind != KH_REPLY_INTEGER || replies[1]->kind != KH_REPLY_INTEGER || replies[1]->integer < 0)
    {
      return_error (task, kh_value_unexpected_reply ("STRLEN"));
      return;
    }
  if (replies[0]->integer == 0)
    {
      g_task_return_error (task, not_found_error (task));
      return;
    }
  if (connection == NULL)
    {
      return_error (task, g_error_new (KH_ERROR, KH_ERROR_CLOSED, _("Not connected to the server")));
      return;
    }
  if (replies[1]->integer <= LOAD_ALL_CHUNKED_BYTES)
    {
      kh_connection_send_async (connection, kh_value_key_command ("GET", key), LOAD_ALL_TIMEOUT_MS,
                                g_task_get_cancellable (task), on_loaded_all, g_object_ref (task));
      return;
    }

  chunks = g_new0 (Chunks, 1);
  chunks->total = (guint64) replies[1]->integer;
  chunks->progress = g_object_get_data (G_OBJECT (task), "kh-value-progress");
  chunks->progress_data = g_object_get_data (G_OBJECT (task), "kh-value-progress-data");
  chunks->data = g_try_malloc (chunks->total);
  if (chunks->data == NULL)
    {
      g_autofree char *size = g_format_size (chunks->total);

      chunks_free (chunks);
      return_error (task, g_error_new (KH_ERROR, KH_ERROR_TOO_LARGE,
                                       _("There is not enough memory for %s; save the value to a file instead"),
                                       size));
      return;
    }
  g_task_set_task_data (task, chunks, (GDestroyNotify) chunks_free);
  for (guint64 start = 0; start < chunks->total; start += KH_VALUE_STRING_CHUNK)
    {
      KhCommand *command = kh_value_key_command ("GETRANGE", key);
      guint64 end = MIN (start + KH_VALUE_STRING_CHUNK, chunks->total);

      kh_command_add_int (command, (gint64) start);
      kh_command_add_int (command, (gint64) (end == chunks->total ? end : end - 1));
      chunks->in_flight++;
      kh_connection_send_async (connection, command, LOAD_ALL_TIMEOUT_MS, g_task_get_cancellable (task),
                                on_load_chunk, g_object_ref (task));
    }
}

void
kh_value_string_load_all_async (KhSession           *session,
                                GBytes              *key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  kh_value_string_load_all_with_progress_async (session, key, NULL, NULL, cancellable, callback, user_data);
}

void
kh_value_string_load_all_with_progress_async (KhSession           *session,
                                              GBytes              *key,
                                              KhValueProgressFunc  progress,
                                              gpointer             progress_data,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *commands;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = new_task (session, key, cancellable, callback, user_data, kh_value_string_load_all_async);
  g_object_set_data (G_OBJECT (task), "kh-value-progress", progress);
  g_object_set_data (G_OBJECT (task), "kh-value-progress-data", progress_data);
  commands = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_command_free);
  g_ptr_array_add (commands, kh_value_key_command ("EXISTS", key));
  g_ptr_array_add (commands, kh_value_key_command ("STRLEN", key));
  kh_value_batch_send (task, commands, cancellable, on_load_all_length);
}

GBytes *
kh_value_string_load_all_finish (KhSession     *session,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kh_value_json_load_async (KhSession           *session,
                          GBytes              *key,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = new_task (session, key, cancellable, callback, user_data, kh_value_json_load_async);
  if (!kh_session_has_command (session, "JSON.GET"))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                               _("This server has no JSON module, so JSON values cannot be read"));
      return;
    }
  kh_session_send_async (session, kh_value_key_command ("JSON.GET", key), cancellable,
                         on_json_loaded, g_steal_pointer (&task));
}

GBytes *
kh_value_json_load_finish (KhSession     *session,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Save to a file */

typedef struct {
  GTask               *task;         /* NULL once returned */
  GBytes              *key;
  GFile               *file;
  GOutputStream       *stream;
  gboolean             created;      /* the file is ours to delete on failure */
  KhValueProgressFunc  progress;
  gpointer             progress_data;

  guint64              total;
  guint64              requested;    /* bytes asked for so far */
  guint64              received;     /* bytes received so far, in order */
  guint64              written;
  guint                in_flight;
  GQueue               ready;        /* GBytes chunks waiting for the writer, in order */
  GBytes              *writing_chunk;
  gboolean             writing;      /* a write or the final close is running */
  GError              *error;        /* the first failure: clean up, then report it */
  gboolean             opening;      /* the file is being created or replaced */
  gboolean             cleaning;
} Save;

static void
save_free (Save *save)
{
  g_assert (save->task == NULL);
  g_clear_pointer (&save->key, g_bytes_unref);
  g_clear_object (&save->file);
  g_clear_object (&save->stream);
  g_queue_clear_full (&save->ready, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&save->writing_chunk, g_bytes_unref);
  g_clear_error (&save->error);
  g_free (save);
}

/* Callbacks hold no reference: the Save lives until the last of them ran and
 * the task was returned. */
static void
save_maybe_free (Save *save)
{
  if (save->task == NULL && save->in_flight == 0 && !save->writing && !save->opening && !save->cleaning)
    save_free (save);
}

static void
save_return (Save *save)
{
  g_autoptr(GTask) task = g_steal_pointer (&save->task);

  if (task == NULL)
    return;
  if (save->error != NULL)
    {
      GError *error = g_steal_pointer (&save->error);

      if (error->domain == KH_ERROR && error->code != KH_ERROR_CONFLICT && error->code != KH_ERROR_NOT_FOUND)
        {
          g_autofree char *name = kh_value_display_key (save->key);
          g_autofree char *prefix = g_strdup_printf (_("Could not save “%s” to a file"), name);

          error = kh_value_wrap_error (error, prefix);
        }
      g_task_return_error (task, error);
    }
  else
    {
      guint64 *written = g_new (guint64, 1);

      *written = save->written;
      g_task_return_pointer (task, written, g_free);
    }
}

static void
on_cleanup_deleted (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Save *save = user_data;

  g_file_delete_finish (G_FILE (object), result, NULL);
  save->cleaning = FALSE;
  save_return (save);
  save_maybe_free (save);
}

static void
on_cleanup_closed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Save *save = user_data;

  /* Closing a replace stream with a cancelled cancellable drops its
   * temporary file and leaves the original alone. */
  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, NULL);
  if (save->created)
    {
      g_file_delete_async (save->file, G_PRIORITY_DEFAULT, NULL, on_cleanup_deleted, save);
      return;
    }
  save->cleaning = FALSE;
  save_return (save);
  save_maybe_free (save);
}

/* Once nothing is being written: undo the file, then report. */
static void
save_cleanup (Save *save)
{
  g_autoptr(GCancellable) cancelled = NULL;

  if (save->cleaning || save->writing || save->task == NULL)
    return;
  if (save->stream == NULL)
    {
      save_return (save);
      return;
    }
  save->cleaning = TRUE;
  cancelled = g_cancellable_new ();
  g_cancellable_cancel (cancelled);
  g_output_stream_close_async (save->stream, G_PRIORITY_DEFAULT, cancelled, on_cleanup_closed, save);
}

static void
save_fail (Save   *save,
           GError *error)
{
  if (save->error == NULL && save->task != NULL)
    save->error = error;
  else
    g_error_free (error);
  save_cleanup (save);
}

static gboolean
save_failed (Save *save)
{
  return save->error != NULL || save->task == NULL;
}

static void save_request_more (Save *save);
static void save_write_next (Save *save);

static void
on_closed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Save *save = user_data;
  GError *error = NULL;

  save->writing = FALSE;
  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    save_fail (save, error);
  else
    save_return (save);
  save_maybe_free (save);
}

static void
on_chunk_written (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Save *save = user_data;
  GError *error = NULL;
  gsize n_written = 0;

  save->writing = FALSE;
  g_clear_pointer (&save->writing_chunk, g_bytes_unref);
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &n_written, &error))
    save_fail (save, error);
  else if (save_failed (save))
    save_cleanup (save);
  else
    {
      save->written += n_written;
      if (save->progress != NULL)
        save->progress (save->written, save->total, save->progress_data);
      save_write_next (save);
      save_request_more (save);
    }
  save_maybe_free (save);
}

static void
save_write_next (Save *save)
{
  GCancellable *cancellable;
  gsize len;
  const guint8 *data;

  if (save->writing || save_failed (save))
    return;
  cancellable = g_task_get_cancellable (save->task);

  if (save->written == save->total)
    {
      save->writing = TRUE;
      g_output_stream_close_async (save->stream, G_PRIORITY_DEFAULT, cancellable, on_closed, save);
      return;
    }

  save->writing_chunk = g_queue_pop_head (&save->ready);
  if (save->writing_chunk == NULL)
    return;
  data = g_bytes_get_data (save->writing_chunk, &len);
  save->writing = TRUE;
  g_output_stream_write_all_async (save->stream, data, len, G_PRIORITY_DEFAULT, cancellable,
                                   on_chunk_written, save);
}

static GError *
changed_while_saving (Save *save)
{
  g_autofree char *name = kh_value_display_key (save->key);

  return g_error_new (KH_ERROR, KH_ERROR_CONFLICT,
                      _("“%s” changed while it was being saved, so the file would not match any "
                        "version of it; try again"), name);
}

static void
on_chunk (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;
  guint64 expected;

  save->in_flight--;
  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (save_failed (save))
    g_clear_error (&error);
  else if (reply == NULL)
    save_fail (save, error);
  else if (reply->kind != KH_REPLY_STRING)
    save_fail (save, kh_value_unexpected_reply ("GETRANGE"));
  else
    {
      /* Chunks arrive in order. The last one asks for a byte past the end,
       * so a value that grew is noticed as well as one that shrank. */
      expected = MIN ((guint64) KH_VALUE_STRING_CHUNK, save->total - save->received);
      if (reply->len != expected)
        save_fail (save, changed_while_saving (save));
      else
        {
          save->received += reply->len;
          g_queue_push_tail (&save->ready, kh_reply_dup_bytes (reply));
          save_write_next (save);
          save_request_more (save);
        }
    }
  save_maybe_free (save);
}

static void
save_request_more (Save *save)
{
  KhSession *session = g_task_get_source_object (save->task);

  while (!save_failed (save) && save->requested < save->total &&
         save->in_flight + g_queue_get_length (&save->ready) < SAVE_DEPTH)
    {
      KhCommand *command = kh_value_key_command ("GETRANGE", save->key);
      guint64 end = MIN (save->requested + KH_VALUE_STRING_CHUNK, save->total);

      kh_command_add_int (command, (gint64) save->requested);
      kh_command_add_int (command, (gint64) (end == save->total ? end : end - 1));
      save->requested = end;
      save->in_flight++;
      kh_session_send_async (session, command, g_task_get_cancellable (save->task), on_chunk, save);
    }
}

static void
save_start (Save          *save,
            GOutputStream *stream)
{
  save->stream = stream;
  save_request_more (save);
  save_write_next (save);
}

static void
on_file_replaced (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Save *save = user_data;
  GError *error = NULL;
  GFileOutputStream *stream = g_file_replace_finish (G_FILE (object), result, &error);

  save->opening = FALSE;
  if (stream == NULL)
    save_fail (save, error);
  else
    save_start (save, G_OUTPUT_STREAM (stream));
  save_maybe_free (save);
}

static void
on_file_created (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Save *save = user_data;
  GError *error = NULL;
  GFileOutputStream *stream = g_file_create_finish (G_FILE (object), result, &error);

  if (stream != NULL)
    {
      save->opening = FALSE;
      save->created = TRUE;
      save_start (save, G_OUTPUT_STREAM (stream));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      /* Replace: written to a temporary file, renamed over it on success. */
      g_clear_error (&error);
      g_file_replace_async (save->file, NULL, FALSE, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                            g_task_get_cancellable (save->task), on_file_replaced, save);
      return;
    }
  else
    {
      save->opening = FALSE;
      save_fail (save, error);
    }
  save_maybe_free (save);
}

static void
on_save_length (GTask     *task,
                KhReply  **replies,
                GError   **errors,
                guint      n)
{
  Save *save = g_task_get_task_data (task);
  GError *error = NULL;

  for (guint i = 0; i < n && error == NULL; i++)
    if (errors[i] != NULL)
      error = g_steal_pointer (&errors[i]);
  if (error == NULL &&
      (replies[0]->kind != KH_REPLY_INTEGER || replies[1]->kind != KH_REPLY_INTEGER ||
       replies[1]->integer < 0))
    error = kh_value_unexpected_reply ("STRLEN");
  if (error != NULL || replies[0]->integer == 0)
    {
      g_task_set_task_data (task, NULL, NULL);
      save_free (save);
      if (error != NULL)
        return_error (task, error);
      else
        g_task_return_error (task, not_found_error (task));
      return;
    }

  save->task = g_object_ref (task);
  save->total = (guint64) replies[1]->integer;
  save->opening = TRUE;
  g_file_create_async (save->file, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                       g_task_get_cancellable (task), on_file_created, save);
}

void
kh_value_string_save_to_file_async (KhSession           *session,
                                    GBytes              *key,
                                    GFile               *file,
                                    KhValueProgressFunc  progress,
                                    gpointer             progress_data,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *commands;
  Save *save;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = new_task (session, key, cancellable, callback, user_data, kh_value_string_save_to_file_async);
  save = g_new0 (Save, 1);
  save->key = g_bytes_ref (key);
  save->file = g_object_ref (file);
  save->progress = progress;
  save->progress_data = progress_data;
  g_queue_init (&save->ready);
  /* Owned by the task until the length is known, then by itself. */
  g_task_set_task_data (task, save, NULL);

  commands = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_command_free);
  g_ptr_array_add (commands, kh_value_key_command ("EXISTS", key));
  g_ptr_array_add (commands, kh_value_key_command ("STRLEN", key));
  kh_value_batch_send (task, commands, cancellable, on_save_length);
}

gboolean
kh_value_string_save_to_file_finish (KhSession     *session,
                                     GAsyncResult  *result,
                                     guint64       *n_written,
                                     GError       **error)
{
  g_autofree guint64 *written = NULL;

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  written = g_task_propagate_pointer (G_TASK (result), error);
  if (written == NULL)
    return FALSE;
  if (n_written != NULL)
    *n_written = *written;
  return TRUE;
}
