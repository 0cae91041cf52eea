/* kh-value-load.c: collections a page at a time, and stream metadata
 *
 * Each loader sends one command for one page and turns the reply into
 * entries; the caller keeps the continuation (cursor, index, last id) and
 * asks for the next page when the user scrolls. Streams page newest first
 * with XREVRANGE from the predecessor of the last id seen, which works on
 * every server version (the exclusive "(" range needs Redis 6.2).
 */
#include "config.h"

#include "kh-value-load.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-value-private.h"

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

typedef struct {
  GBytes      *key;
  KhValueType  type;
  gint64       start;     /* list, zset: the index of the first item asked for */
  guint        count;
  gboolean     reverse;
  gboolean     by_score;
  const char  *command;   /* for messages */
} LoadData;

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

static GTask *
new_task (KhSession           *session,
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

static void
return_error (GTask  *task,
              GError *cause)
{
  LoadData *load = g_task_get_task_data (task);
  g_autofree char *name = kh_value_display_key (load->key);
  g_autofree char *prefix = g_strdup_printf (_("Could not load “%s”"), name);

  g_task_return_error (task, kh_value_wrap_error (cause, prefix));
}

static void
return_not_found (GTask *task)
{
  LoadData *load = g_task_get_task_data (task);
  g_autofree char *name = kh_value_display_key (load->key);

  g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_FOUND,
                           _("“%s” no longer exists; it was deleted or expired"), name);
}

static gboolean
reply_is_text (const KhReply *reply)
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
      return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len != 2 || !reply_is_text (reply->element[0]) ||
      reply->element[1]->kind != KH_REPLY_ARRAY ||
      (load->type == KH_VALUE_TYPE_HASH && reply->element[1]->len % 2 != 0))
    {
      return_error (task, kh_value_unexpected_reply (load->command));
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

  task = new_task (session, key, type, name, cancellable, callback, user_data, source_tag);
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
    return_error (task, error);
  else if (reply->kind == KH_REPLY_NIL)
    {
      LoadData *load = g_task_get_task_data (task);
      g_autofree char *name = kh_value_display_key (load->key);

      g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_FOUND,
                               _("The field is no longer in “%s”; reload it"), name);
    }
  else if (reply->kind != KH_REPLY_STRING)
    return_error (task, kh_value_unexpected_reply ("HGET"));
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

  task = new_task (session, key, KH_VALUE_TYPE_HASH, "HGET", cancellable, callback, user_data,
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
      return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len % step != 0)
    {
      return_error (task, kh_value_unexpected_reply (load->command));
      return;
    }
  for (gsize i = 0; i < reply->len; i++)
    if (!reply_is_text (reply->element[i]))
      {
        return_error (task, kh_value_unexpected_reply (load->command));
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

  task = new_task (session, key, KH_VALUE_TYPE_LIST, "LRANGE", cancellable, callback, user_data,
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

  task = new_task (session, key, KH_VALUE_TYPE_ZSET, name, cancellable, callback, user_data,
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
  task = new_task (session, key, KH_VALUE_TYPE_ZSET, name, cancellable, callback, user_data,
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

  if (reply == NULL || reply->kind != KH_REPLY_ARRAY || reply->len != 2 || !reply_is_text (reply->element[0]))
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
        if (!reply_is_text (fields->element[i]))
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
      return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY)
    {
      return_error (task, kh_value_unexpected_reply ("XREVRANGE"));
      return;
    }

  page = page_new (KH_VALUE_TYPE_STREAM);
  for (gsize i = 0; i < reply->len; i++)
    {
      KhValueStreamEntry *entry = NULL;

      if (!parse_stream_entry (reply->element[i], &entry))
        {
          return_error (task, kh_value_unexpected_reply ("XREVRANGE"));
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

  task = new_task (session, key, KH_VALUE_TYPE_STREAM, "XREVRANGE", cancellable, callback, user_data,
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
    if (reply_is_text (map->element[i]) && strcmp (map->element[i]->str, name) == 0)
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

  if (reply_is_text (value))
    return g_strndup (value->str, value->len);
  return NULL;
}

static char *
map_get_entry_id (const KhReply *map,
                  const char    *name)
{
  const KhReply *entry = map_get (map, name);

  if (entry != NULL && entry->kind == KH_REPLY_ARRAY && entry->len >= 1 && reply_is_text (entry->element[0]))
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
      return_not_found (task);
      return;
    }
  for (guint i = 0; i < n; i++)
    if (errors[i] != NULL)
      {
        return_error (task, g_steal_pointer (&errors[i]));
        return;
      }
  if (stream->kind != KH_REPLY_ARRAY || groups->kind != KH_REPLY_ARRAY)
    {
      return_error (task, kh_value_unexpected_reply ("XINFO"));
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

      if (!reply_is_text (name))
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

  task = new_task (session, key, KH_VALUE_TYPE_STREAM, "XINFO", cancellable, callback, user_data,
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
      return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len != 4)
    {
      return_error (task, kh_value_unexpected_reply ("XPENDING"));
      return;
    }

  pending = g_new0 (KhValueStreamPending, 1);
  pending->consumers = g_ptr_array_new_with_free_func (stream_consumer_free);
  if (!reply_to_int (reply->element[0], &pending->count))
    pending->count = 0;
  if (reply_is_text (reply->element[1]))
    pending->min_id = g_strndup (reply->element[1]->str, reply->element[1]->len);
  if (reply_is_text (reply->element[2]))
    pending->max_id = g_strndup (reply->element[2]->str, reply->element[2]->len);
  consumers = reply->element[3];
  if (consumers->kind == KH_REPLY_ARRAY)
    for (gsize i = 0; i < consumers->len; i++)
      {
        const KhReply *pair = consumers->element[i];
        KhValueStreamConsumer *consumer;

        if (pair->kind != KH_REPLY_ARRAY || pair->len != 2 || !reply_is_text (pair->element[0]))
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

  task = new_task (session, key, KH_VALUE_TYPE_STREAM, "XPENDING", cancellable, callback, user_data,
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
