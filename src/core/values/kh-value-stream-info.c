/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-stream-info.c: stream metadata: XINFO STREAM and GROUPS, XPENDING
 *
 * What the stream view shows above its entries: length, first and last ids,
 * consumer groups and their pending entries. Replies are read as RESP2 flat
 * maps, by name, so that a field an older server lacks comes out as -1 or NULL.
 * The tasks are made as kh-value-load.c makes them, through
 * kh-value-load-private.h.
 */
#include "config.h"

#include "kh-value-load.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-value-private.h"
#include "kh-value-load-private.h"

/* XINFO */

static void
stream_group_free (gpointer data)
{
  KhValueStreamGroup *group = data;

  g_clear_pointer (&group->name, g_bytes_unref);
  g_free (group->last_delivered_id);
  g_free (group);
}

void
kh_value_stream_info_free (KhValueStreamInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->last_generated_id);
  g_free (info->max_deleted_entry_id);
  g_free (info->first_entry_id);
  g_free (info->last_entry_id);
  g_clear_pointer (&info->groups, g_ptr_array_unref);
  g_free (info);
}

/* The value for @name in a RESP2 flat map (name, value, name, value...). */
static const KhReply *
map_get (const KhReply *map,
         const char    *name)
{
  if (map == NULL || map->kind != KH_REPLY_ARRAY)
    return NULL;
  for (gsize i = 0; i + 1 < map->len; i += 2)
    if (_kh_value_load_reply_is_text (map->element[i]) && strcmp (map->element[i]->str, name) == 0)
      return map->element[i + 1];
  return NULL;
}

static gint64
map_get_int (const KhReply *map,
             const char    *name)
{
  const KhReply *value = map_get (map, name);

  if (value != NULL && value->kind == KH_REPLY_INTEGER)
    return value->integer;
  return -1;
}

static char *
map_get_text (const KhReply *map,
              const char    *name)
{
  const KhReply *value = map_get (map, name);

  if (_kh_value_load_reply_is_text (value))
    return g_strndup (value->str, value->len);
  return NULL;
}

static char *
map_get_entry_id (const KhReply *map,
                  const char    *name)
{
  const KhReply *entry = map_get (map, name);

  if (entry != NULL && entry->kind == KH_REPLY_ARRAY && entry->len >= 1 && _kh_value_load_reply_is_text (entry->element[0]))
    return g_strndup (entry->element[0]->str, entry->element[0]->len);
  return NULL;
}

static gboolean
is_no_such_key (const GError *error)
{
  return error != NULL && error->domain == KH_ERROR && error->code == KH_ERROR_SERVER &&
         (strstr (error->message, "no such key") != NULL || g_str_has_prefix (error->message, "NOGROUP"));
}

static void
on_stream_info (GTask     *task,
                KhReply  **replies,
                GError   **errors,
                guint      n)
{
  KhValueStreamInfo *info;
  const KhReply *stream = replies[0];
  const KhReply *groups = replies[1];

  if (is_no_such_key (errors[0]))
    {
      _kh_value_load_return_not_found (task);
      return;
    }
  for (guint i = 0; i < n; i++)
    if (errors[i] != NULL)
      {
        _kh_value_load_return_error (task, g_steal_pointer (&errors[i]));
        return;
      }
  if (stream->kind != KH_REPLY_ARRAY || groups->kind != KH_REPLY_ARRAY)
    {
      _kh_value_load_return_error (task, kh_value_unexpected_reply ("XINFO"));
      return;
    }

  info = g_new0 (KhValueStreamInfo, 1);
  info->length = map_get_int (stream, "length");
  info->radix_tree_keys = map_get_int (stream, "radix-tree-keys");
  info->radix_tree_nodes = map_get_int (stream, "radix-tree-nodes");
  info->entries_added = map_get_int (stream, "entries-added");
  info->last_generated_id = map_get_text (stream, "last-generated-id");
  info->max_deleted_entry_id = map_get_text (stream, "max-deleted-entry-id");
  info->first_entry_id = map_get_entry_id (stream, "first-entry");
  info->last_entry_id = map_get_entry_id (stream, "last-entry");
  info->groups = g_ptr_array_new_with_free_func (stream_group_free);

  for (gsize i = 0; i < groups->len; i++)
    {
      const KhReply *map = groups->element[i];
      const KhReply *name = map_get (map, "name");
      KhValueStreamGroup *group;

      if (!_kh_value_load_reply_is_text (name))
        continue;
      group = g_new0 (KhValueStreamGroup, 1);
      group->name = kh_reply_dup_bytes (name);
      group->consumers = map_get_int (map, "consumers");
      group->pending = map_get_int (map, "pending");
      group->last_delivered_id = map_get_text (map, "last-delivered-id");
      group->entries_read = map_get_int (map, "entries-read");
      group->lag = map_get_int (map, "lag");
      g_ptr_array_add (info->groups, group);
    }
  g_task_return_pointer (task, info, (GDestroyNotify) kh_value_stream_info_free);
}

void
kh_value_stream_info_async (KhSession           *session,
                            GBytes              *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *commands;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = _kh_value_load_new_task (session, key, KH_VALUE_TYPE_STREAM, "XINFO", cancellable, callback, user_data,
                   kh_value_stream_info_async);
  commands = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_command_free);
  command = kh_command_new_va ("XINFO", "STREAM", NULL);
  kh_command_add_bytes (command, key);
  g_ptr_array_add (commands, command);
  command = kh_command_new_va ("XINFO", "GROUPS", NULL);
  kh_command_add_bytes (command, key);
  g_ptr_array_add (commands, command);
  kh_value_batch_send (task, commands, cancellable, on_stream_info);
}

KhValueStreamInfo *
kh_value_stream_info_finish (KhSession     *session,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* XPENDING */

static void
stream_consumer_free (gpointer data)
{
  KhValueStreamConsumer *consumer = data;

  g_clear_pointer (&consumer->name, g_bytes_unref);
  g_free (consumer);
}

void
kh_value_stream_pending_free (KhValueStreamPending *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->min_id);
  g_free (pending->max_id);
  g_clear_pointer (&pending->consumers, g_ptr_array_unref);
  g_free (pending);
}

static gboolean
reply_to_int (const KhReply *reply,
              gint64        *value)
{
  if (reply == NULL)
    return FALSE;
  if (reply->kind == KH_REPLY_INTEGER)
    {
      *value = reply->integer;
      return TRUE;
    }
  if (reply->kind == KH_REPLY_STRING)
    {
      char *end = NULL;

      *value = g_ascii_strtoll (reply->str, &end, 10);
      return end != reply->str && *end == '\0';
    }
  return FALSE;
}

static void
on_pending (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;
  KhValueStreamPending *pending;
  GError *error = NULL;
  const KhReply *consumers;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (is_no_such_key (error))
    {
      LoadData *load = g_task_get_task_data (task);
      g_autofree char *name = kh_value_display_key (load->key);

      g_clear_error (&error);
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_FOUND,
                               _("The consumer group or the stream “%s” no longer exists"), name);
      return;
    }
  if (reply == NULL)
    {
      _kh_value_load_return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len != 4)
    {
      _kh_value_load_return_error (task, kh_value_unexpected_reply ("XPENDING"));
      return;
    }

  pending = g_new0 (KhValueStreamPending, 1);
  pending->consumers = g_ptr_array_new_with_free_func (stream_consumer_free);
  if (!reply_to_int (reply->element[0], &pending->count))
    pending->count = 0;
  if (_kh_value_load_reply_is_text (reply->element[1]))
    pending->min_id = g_strndup (reply->element[1]->str, reply->element[1]->len);
  if (_kh_value_load_reply_is_text (reply->element[2]))
    pending->max_id = g_strndup (reply->element[2]->str, reply->element[2]->len);
  consumers = reply->element[3];
  if (consumers->kind == KH_REPLY_ARRAY)
    for (gsize i = 0; i < consumers->len; i++)
      {
        const KhReply *pair = consumers->element[i];
        KhValueStreamConsumer *consumer;

        if (pair->kind != KH_REPLY_ARRAY || pair->len != 2 || !_kh_value_load_reply_is_text (pair->element[0]))
          continue;
        consumer = g_new0 (KhValueStreamConsumer, 1);
        consumer->name = kh_reply_dup_bytes (pair->element[0]);
        if (!reply_to_int (pair->element[1], &consumer->pending))
          consumer->pending = -1;
        g_ptr_array_add (pending->consumers, consumer);
      }
  g_task_return_pointer (task, pending, (GDestroyNotify) kh_value_stream_pending_free);
}

void
kh_value_stream_pending_async (KhSession           *session,
                               GBytes              *key,
                               GBytes              *group,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (group != NULL);

  task = _kh_value_load_new_task (session, key, KH_VALUE_TYPE_STREAM, "XPENDING", cancellable, callback, user_data,
                   kh_value_stream_pending_async);
  command = kh_value_key_command ("XPENDING", key);
  kh_command_add_bytes (command, group);
  kh_session_send_async (session, command, cancellable, on_pending, g_steal_pointer (&task));
}

KhValueStreamPending *
kh_value_stream_pending_finish (KhSession     *session,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
