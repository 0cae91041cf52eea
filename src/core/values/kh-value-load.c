/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-load.c: collections a page at a time
 *
 * Each loader sends one command for one page and turns the reply into
 * entries; the caller keeps the continuation (cursor, index, last id) and
 * asks for the next page when the user scrolls. Streams page newest first
 * with XREVRANGE from the predecessor of the last id seen, which works on
 * every server version (the exclusive "(" range needs Redis 6.2).
 * Stream metadata (XINFO, XPENDING) is in kh-value-stream-info.c.
 */
#include "config.h"

#include "kh-value-load.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-value-private.h"
#include "kh-value-load-private.h"

/* Pages */

static void
hash_entry_free (gpointer data)
{
  KhValueHashEntry *entry = data;

  g_clear_pointer (&entry->field, g_bytes_unref);
  g_clear_pointer (&entry->value, g_bytes_unref);
  g_free (entry);
}

static void
list_entry_free (gpointer data)
{
  KhValueListEntry *entry = data;

  g_clear_pointer (&entry->value, g_bytes_unref);
  g_free (entry);
}

static void
zset_entry_free (gpointer data)
{
  KhValueZsetEntry *entry = data;

  g_clear_pointer (&entry->member, g_bytes_unref);
  g_free (entry->score_text);
  g_free (entry);
}

static void
stream_entry_free (gpointer data)
{
  KhValueStreamEntry *entry = data;

  g_free (entry->id);
  g_clear_pointer (&entry->fields, g_ptr_array_unref);
  g_free (entry);
}

static KhValuePage *
page_new (KhValueType type)
{
  KhValuePage *page = g_new0 (KhValuePage, 1);
  GDestroyNotify free_func;

  switch (type)
    {
    case KH_VALUE_TYPE_HASH:
      free_func = hash_entry_free;
      break;
    case KH_VALUE_TYPE_LIST:
      free_func = list_entry_free;
      break;
    case KH_VALUE_TYPE_ZSET:
      free_func = zset_entry_free;
      break;
    case KH_VALUE_TYPE_STREAM:
      free_func = stream_entry_free;
      break;
    case KH_VALUE_TYPE_SET:
    case KH_VALUE_TYPE_NONE:
    case KH_VALUE_TYPE_STRING:
    case KH_VALUE_TYPE_JSON:
    case KH_VALUE_TYPE_OTHER:
    default:
      free_func = (GDestroyNotify) g_bytes_unref;
      break;
    }
  page->ref_count = 1;
  page->type = type;
  page->items = g_ptr_array_new_with_free_func (free_func);
  return page;
}

KhValuePage *
kh_value_page_ref (KhValuePage *page)
{
  g_return_val_if_fail (page != NULL, NULL);
  g_atomic_int_inc (&page->ref_count);
  return page;
}

void
kh_value_page_unref (KhValuePage *page)
{
  g_return_if_fail (page != NULL);
  if (!g_atomic_int_dec_and_test (&page->ref_count))
    return;
  g_ptr_array_unref (page->items);
  g_free (page->next_cursor);
  g_free (page->next_id);
  g_free (page);
}

G_DEFINE_BOXED_TYPE (KhValuePage, kh_value_page, kh_value_page_ref, kh_value_page_unref)

KhValuePage *
kh_value_page_load_finish (KhSession     *session,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Tasks */

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_bytes_unref (load->key);
  g_free (load);
}

static guint
clamp_count (guint count)
{
  if (count == 0)
    return KH_VALUE_PAGE_SIZE;
  return MIN (count, KH_VALUE_PAGE_MAX);
}

GTask *
_kh_value_load_new_task (KhSession           *session,
          GBytes              *key,
          KhValueType          type,
          const char          *command,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  LoadData *load = g_new0 (LoadData, 1);

  g_task_set_source_tag (task, source_tag);
  load->key = g_bytes_ref (key);
  load->type = type;
  load->command = command;
  g_task_set_task_data (task, load, load_data_free);
  return task;
}

void
_kh_value_load_return_error (GTask  *task,
              GError *cause)
{
  LoadData *load = g_task_get_task_data (task);
  g_autofree char *name = kh_value_display_key (load->key);
  g_autofree char *prefix = g_strdup_printf (_("Could not load “%s”"), name);

  g_task_return_error (task, kh_value_wrap_error (cause, prefix));
}

void
_kh_value_load_return_not_found (GTask *task)
{
  LoadData *load = g_task_get_task_data (task);
  g_autofree char *name = kh_value_display_key (load->key);

  g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_FOUND,
                           _("“%s” no longer exists; it was deleted or expired"), name);
}

gboolean
_kh_value_load_reply_is_text (const KhReply *reply)
{
  return reply != NULL && (reply->kind == KH_REPLY_STRING || reply->kind == KH_REPLY_STATUS);
}

/* Scans: HSCAN, SSCAN */

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(KhValuePage) page = NULL;
  GError *error = NULL;
  KhReply *items;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      _kh_value_load_return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len != 2 || !_kh_value_load_reply_is_text (reply->element[0]) ||
      reply->element[1]->kind != KH_REPLY_ARRAY ||
      (load->type == KH_VALUE_TYPE_HASH && reply->element[1]->len % 2 != 0))
    {
      _kh_value_load_return_error (task, kh_value_unexpected_reply (load->command));
      return;
    }

  page = page_new (load->type);
  items = reply->element[1];
  if (load->type == KH_VALUE_TYPE_HASH)
    {
      for (gsize i = 0; i + 1 < items->len; i += 2)
        {
          KhValueHashEntry *entry = g_new0 (KhValueHashEntry, 1);

          entry->field = kh_reply_dup_bytes (items->element[i]);
          entry->value = kh_reply_dup_bytes (items->element[i + 1]);
          g_ptr_array_add (page->items, entry);
        }
    }
  else
    {
      for (gsize i = 0; i < items->len; i++)
        g_ptr_array_add (page->items, kh_reply_dup_bytes (items->element[i]));
    }
  page->next_cursor = g_strndup (reply->element[0]->str, reply->element[0]->len);
  page->complete = g_str_equal (page->next_cursor, "0");
  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) kh_value_page_unref);
}

static void
scan_async (KhSession           *session,
            KhValueType          type,
            const char          *name,
            GBytes              *key,
            const char          *cursor,
            guint                count,
            GBytes              *match,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *command;

  task = _kh_value_load_new_task (session, key, type, name, cancellable, callback, user_data, source_tag);
  command = kh_value_key_command (name, key);
  kh_command_add (command, cursor != NULL && *cursor != '\0' ? cursor : "0");
  if (match != NULL)
    {
      kh_command_add (command, "MATCH");
      kh_command_add_bytes (command, match);
    }
  kh_command_add (command, "COUNT");
  kh_command_add_int (command, clamp_count (count));
  kh_session_send_async (session, command, cancellable, on_scanned, g_steal_pointer (&task));
}

void
kh_value_hash_scan_async (KhSession           *session,
                          GBytes              *key,
                          const char          *cursor,
                          guint                count,
                          GBytes              *match,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  scan_async (session, KH_VALUE_TYPE_HASH, "HSCAN", key, cursor, count, match, cancellable,
              callback, user_data, kh_value_hash_scan_async);
}

void
kh_value_set_scan_async (KhSession           *session,
                         GBytes              *key,
                         const char          *cursor,
                         guint                count,
                         GBytes              *match,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  scan_async (session, KH_VALUE_TYPE_SET, "SSCAN", key, cursor, count, match, cancellable,
              callback, user_data, kh_value_set_scan_async);
}

/* One hash field */

static void
on_field (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    _kh_value_load_return_error (task, error);
  else if (reply->kind == KH_REPLY_NIL)
    {
      LoadData *load = g_task_get_task_data (task);
      g_autofree char *name = kh_value_display_key (load->key);

      g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_FOUND,
                               _("The field is no longer in “%s”; reload it"), name);
    }
  else if (reply->kind != KH_REPLY_STRING)
    _kh_value_load_return_error (task, kh_value_unexpected_reply ("HGET"));
  else
    g_task_return_pointer (task, kh_reply_dup_bytes (reply), (GDestroyNotify) g_bytes_unref);
}

void
kh_value_hash_get_field_async (KhSession           *session,
                               GBytes              *key,
                               GBytes              *field,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (field != NULL);

  task = _kh_value_load_new_task (session, key, KH_VALUE_TYPE_HASH, "HGET", cancellable, callback, user_data,
                   kh_value_hash_get_field_async);
  command = kh_value_key_command ("HGET", key);
  kh_command_add_bytes (command, field);
  kh_session_send_async (session, command, cancellable, on_field, g_steal_pointer (&task));
}

GBytes *
kh_value_hash_get_field_finish (KhSession     *session,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Ranges: LRANGE, ZRANGE */

static void
on_range (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(KhValuePage) page = NULL;
  GError *error = NULL;
  guint step = load->type == KH_VALUE_TYPE_ZSET ? 2 : 1;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      _kh_value_load_return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len % step != 0)
    {
      _kh_value_load_return_error (task, kh_value_unexpected_reply (load->command));
      return;
    }
  for (gsize i = 0; i < reply->len; i++)
    if (!_kh_value_load_reply_is_text (reply->element[i]))
      {
        _kh_value_load_return_error (task, kh_value_unexpected_reply (load->command));
        return;
      }

  page = page_new (load->type);
  for (gsize i = 0; i < reply->len; i += step)
    {
      gint64 position = load->start + (gint64) (i / step);

      if (load->type == KH_VALUE_TYPE_LIST)
        {
          KhValueListEntry *entry = g_new0 (KhValueListEntry, 1);

          entry->index = position;
          entry->value = kh_reply_dup_bytes (reply->element[i]);
          g_ptr_array_add (page->items, entry);
        }
      else
        {
          KhValueZsetEntry *entry = g_new0 (KhValueZsetEntry, 1);

          entry->member = kh_reply_dup_bytes (reply->element[i]);
          entry->score_text = g_strndup (reply->element[i + 1]->str, reply->element[i + 1]->len);
          entry->score = g_ascii_strtod (entry->score_text, NULL);
          entry->rank = load->by_score ? -1 : position;
          g_ptr_array_add (page->items, entry);
        }
    }
  page->complete = page->items->len < load->count;
  page->next_start = load->start + page->items->len;
  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) kh_value_page_unref);
}

void
kh_value_list_range_async (KhSession           *session,
                           GBytes              *key,
                           gint64               start,
                           guint                count,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (start >= 0);

  task = _kh_value_load_new_task (session, key, KH_VALUE_TYPE_LIST, "LRANGE", cancellable, callback, user_data,
                   kh_value_list_range_async);
  load = g_task_get_task_data (task);
  load->start = start;
  load->count = clamp_count (count);
  command = kh_value_key_command ("LRANGE", key);
  kh_command_add_int (command, start);
  kh_command_add_int (command, start + load->count - 1);
  kh_session_send_async (session, command, cancellable, on_range, g_steal_pointer (&task));
}

void
kh_value_zset_range_async (KhSession           *session,
                           GBytes              *key,
                           gint64               start,
                           guint                count,
                           gboolean             reverse,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *name = reverse ? "ZREVRANGE" : "ZRANGE";
  LoadData *load;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (start >= 0);

  task = _kh_value_load_new_task (session, key, KH_VALUE_TYPE_ZSET, name, cancellable, callback, user_data,
                   kh_value_zset_range_async);
  load = g_task_get_task_data (task);
  load->start = start;
  load->count = clamp_count (count);
  load->reverse = reverse;
  command = kh_value_key_command (name, key);
  kh_command_add_int (command, start);
  kh_command_add_int (command, start + load->count - 1);
  kh_command_add (command, "WITHSCORES");
  kh_session_send_async (session, command, cancellable, on_range, g_steal_pointer (&task));
}

void
kh_value_zset_range_by_score_async (KhSession           *session,
                                    GBytes              *key,
                                    const char          *min,
                                    const char          *max,
                                    gint64               offset,
                                    guint                count,
                                    gboolean             reverse,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gboolean modern = kh_value_server_at_least (session, 6, 2);
  const char *name;
  LoadData *load;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (min != NULL && max != NULL);
  g_return_if_fail (offset >= 0);

  if (modern)
    name = "ZRANGE";
  else
    name = reverse ? "ZREVRANGEBYSCORE" : "ZRANGEBYSCORE";
  task = _kh_value_load_new_task (session, key, KH_VALUE_TYPE_ZSET, name, cancellable, callback, user_data,
                   kh_value_zset_range_by_score_async);
  load = g_task_get_task_data (task);
  load->start = offset;
  load->count = clamp_count (count);
  load->reverse = reverse;
  load->by_score = TRUE;

  /* Reversed ranges name the maximum first. */
  command = kh_value_key_command (name, key);
  kh_command_add (command, reverse ? max : min);
  kh_command_add (command, reverse ? min : max);
  if (modern)
    {
      kh_command_add (command, "BYSCORE");
      if (reverse)
        kh_command_add (command, "REV");
    }
  kh_command_add (command, "LIMIT");
  kh_command_add_int (command, offset);
  kh_command_add_int (command, load->count);
  kh_command_add (command, "WITHSCORES");
  kh_session_send_async (session, command, cancellable, on_range, g_steal_pointer (&task));
}

/* Streams */

static gboolean
parse_stream_id (const char *id,
                 guint64    *ms,
                 guint64    *seq)
{
  char *end = NULL;

  if (id == NULL || !g_ascii_isdigit (*id))
    return FALSE;
  *ms = g_ascii_strtoull (id, &end, 10);
  *seq = 0;
  if (*end == '\0')
    return TRUE;
  if (*end != '-' || !g_ascii_isdigit (end[1]))
    return FALSE;
  *seq = g_ascii_strtoull (end + 1, &end, 10);
  return *end == '\0';
}

/* The greatest id before @id, or NULL when @id is 0-0. */
static char *
stream_id_predecessor (guint64 ms,
                       guint64 seq)
{
  if (seq > 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, ms, seq - 1);
  if (ms > 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT, ms - 1, G_MAXUINT64);
  return NULL;
}

static gboolean
parse_stream_entry (const KhReply       *reply,
                    KhValueStreamEntry **out)
{
  KhValueStreamEntry *entry;
  const KhReply *fields;

  if (reply == NULL || reply->kind != KH_REPLY_ARRAY || reply->len != 2 || !_kh_value_load_reply_is_text (reply->element[0]))
    return FALSE;
  fields = reply->element[1];
  if (fields->kind != KH_REPLY_ARRAY && fields->kind != KH_REPLY_NIL)
    return FALSE;

  entry = g_new0 (KhValueStreamEntry, 1);
  entry->id = g_strndup (reply->element[0]->str, reply->element[0]->len);
  entry->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  if (fields->kind == KH_REPLY_ARRAY)
    for (gsize i = 0; i < fields->len; i++)
      {
        if (!_kh_value_load_reply_is_text (fields->element[i]))
          {
            stream_entry_free (entry);
            return FALSE;
          }
        g_ptr_array_add (entry->fields, kh_reply_dup_bytes (fields->element[i]));
      }
  *out = entry;
  return TRUE;
}

static void
on_stream_range (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(KhValuePage) page = NULL;
  GError *error = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      _kh_value_load_return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY)
    {
      _kh_value_load_return_error (task, kh_value_unexpected_reply ("XREVRANGE"));
      return;
    }

  page = page_new (KH_VALUE_TYPE_STREAM);
  for (gsize i = 0; i < reply->len; i++)
    {
      KhValueStreamEntry *entry = NULL;

      if (!parse_stream_entry (reply->element[i], &entry))
        {
          _kh_value_load_return_error (task, kh_value_unexpected_reply ("XREVRANGE"));
          return;
        }
      g_ptr_array_add (page->items, entry);
    }
  page->complete = page->items->len < load->count;
  if (page->items->len > 0)
    page->next_id = g_strdup (((KhValueStreamEntry *) g_ptr_array_index (page->items, page->items->len - 1))->id);
  g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) kh_value_page_unref);
}

void
kh_value_stream_range_async (KhSession           *session,
                             GBytes              *key,
                             const char          *before_id,
                             guint                count,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *end = NULL;
  LoadData *load;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = _kh_value_load_new_task (session, key, KH_VALUE_TYPE_STREAM, "XREVRANGE", cancellable, callback, user_data,
                   kh_value_stream_range_async);
  load = g_task_get_task_data (task);
  load->count = clamp_count (count);

  if (before_id != NULL)
    {
      guint64 ms, seq;

      if (!parse_stream_id (before_id, &ms, &seq))
        {
          g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                                   _("“%s” is not a stream entry id"), before_id);
          return;
        }
      end = stream_id_predecessor (ms, seq);
      if (end == NULL)
        {
          /* Nothing comes before 0-0. */
          KhValuePage *page = page_new (KH_VALUE_TYPE_STREAM);

          page->complete = TRUE;
          g_task_return_pointer (task, page, (GDestroyNotify) kh_value_page_unref);
          return;
        }
    }

  command = kh_value_key_command ("XREVRANGE", key);
  kh_command_add (command, end != NULL ? end : "+");
  kh_command_add (command, "-");
  kh_command_add (command, "COUNT");
  kh_command_add_int (command, load->count);
  kh_session_send_async (session, command, cancellable, on_stream_range, g_steal_pointer (&task));
}
