/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-common.c: helpers shared by the value loaders and editors */
#include "config.h"

#include "kh-value-private.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-key-item.h"

#define KEY_DISPLAY_MAX 60

char *
kh_value_display_key (GBytes *key)
{
  gsize len;
  const char *data = g_bytes_get_data (key, &len);
  g_autofree char *escaped = kh_key_escape (data != NULL ? data : "", len);

  if (g_utf8_strlen (escaped, -1) > KEY_DISPLAY_MAX)
    {
      g_autofree char *head = g_utf8_substring (escaped, 0, KEY_DISPLAY_MAX - 1);

      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&escaped);
}

GError *
kh_value_wrap_error (GError     *cause,
                     const char *prefix)
{
  GError *error;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return cause;

  if (g_error_matches (cause, KH_ERROR, KH_ERROR_SERVER) && g_str_has_prefix (cause->message, "WRONGTYPE"))
    error = g_error_new (KH_ERROR, KH_ERROR_CONFLICT,
                         _("%s: the key now holds another type of value; reload it"), prefix);
  else
    error = g_error_new (cause->domain, cause->code, "%s: %s", prefix, cause->message);
  g_error_free (cause);
  return error;
}

GError *
kh_value_unexpected_reply (const char *command)
{
  return g_error_new (KH_ERROR, KH_ERROR_PROTOCOL, _("The server gave an unexpected answer to %s"), command);
}

KhCommand *
kh_value_key_command (const char *name,
                      GBytes     *key)
{
  KhCommand *command = kh_command_new (name);

  kh_command_add_bytes (command, key);
  return command;
}

/* Batches */

typedef struct {
  GTask            *task;
  guint             n;
  guint             n_left;
  KhReply         **replies;
  GError          **errors;
  KhValueBatchDone  done;
} Batch;

typedef struct {
  Batch *batch;
  guint  index;
} BatchSlot;

static void
batch_free (Batch *batch)
{
  for (guint i = 0; i < batch->n; i++)
    {
      g_clear_pointer (&batch->replies[i], kh_reply_unref);
      g_clear_error (&batch->errors[i]);
    }
  g_free (batch->replies);
  g_free (batch->errors);
  g_object_unref (batch->task);
  g_free (batch);
}

static void
on_batch_reply (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree BatchSlot *slot = user_data;
  Batch *batch = slot->batch;

  batch->replies[slot->index] = kh_session_send_finish (KH_SESSION (object), result,
                                                        &batch->errors[slot->index]);
  if (--batch->n_left > 0)
    return;
  batch->done (batch->task, batch->replies, batch->errors, batch->n);
  batch_free (batch);
}

void
kh_value_batch_send (GTask            *task,
                     GPtrArray        *commands,
                     GCancellable     *cancellable,
                     KhValueBatchDone  done)
{
  g_autoptr(GPtrArray) owned = commands;
  KhSession *session = g_task_get_source_object (task);
  Batch *batch;

  g_return_if_fail (commands->len > 0);
  /* The session takes each command. */
  g_ptr_array_set_free_func (commands, NULL);

  batch = g_new0 (Batch, 1);
  batch->task = g_object_ref (task);
  batch->n = commands->len;
  batch->n_left = commands->len;
  batch->replies = g_new0 (KhReply *, commands->len);
  batch->errors = g_new0 (GError *, commands->len);
  batch->done = done;

  for (guint i = 0; i < commands->len; i++)
    {
      BatchSlot *slot = g_new (BatchSlot, 1);

      slot->batch = batch;
      slot->index = i;
      kh_session_send_async (session, commands->pdata[i], cancellable,
                             on_batch_reply, slot);
    }
}

gboolean
kh_value_server_at_least (KhSession *session,
                          guint      major,
                          guint      minor)
{
  const char *version = kh_session_get_server_version (session);
  guint64 have_major, have_minor = 0;
  char *end = NULL;

  if (version == NULL)
    return FALSE;
  have_major = g_ascii_strtoull (version, &end, 10);
  if (end == version)
    return FALSE;
  if (*end == '.')
    have_minor = g_ascii_strtoull (end + 1, NULL, 10);
  return have_major > major || (have_major == major && have_minor >= minor);
}
