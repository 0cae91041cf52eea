/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-bulk-delete.c: bulk delete by pattern, and its preview
 *
 * Bulk delete never uses KEYS: it walks the keyspace with SCAN MATCH (COUNT
 * adapting as in KhKeyScanner) and deletes what it finds in UNLINK batches
 * while the scan goes on, a few batches deep, so a large delete neither
 * stalls the server nor waits a round trip per batch. The preview walks the
 * same way without deleting, counting matches and keeping a sample.
 */
#include "config.h"

#include "kh-key-ops.h"
#include "kh-key-ops-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-key-item.h"
#include "kh-key-scanner.h"

/* Past this many distinct keys a preview stops de-duplicating what SCAN
 * returns (it may repeat a key while the server rehashes) to bound memory. */
#define PREVIEW_DEDUP_LIMIT 200000

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
  else if (!_kh_key_ops_reply_integer (reply, &n))
    bulk_stop (job, _kh_key_ops_unexpected_reply ("UNLINK"));
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
      bulk_stop (job, _kh_key_ops_unexpected_reply ("SCAN"));
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
  if (_kh_key_ops_reply_integer (reply, &size))
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

  task = _kh_key_ops_new_task (session, cancellable, callback, user_data, source_tag);
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

  if (_kh_key_ops_return_if_read_only (task, session,
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
