/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-header.c: TYPE, PTTL, OBJECT ENCODING, MEMORY USAGE and the
 * length of one key
 *
 * The length command depends on the type, so a caller that already knows the
 * type (the key list does) gets everything in one pipelined round trip; a
 * wrong or missing hint costs a second one. A failed OBJECT ENCODING or
 * MEMORY USAGE (ACLs, managed services) only leaves its field unknown.
 */
#include "config.h"

#include "kh-value-header.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-value-private.h"

#define JSON_TYPE_NAME "ReJSON-RL"

static const struct {
  KhValueType  type;
  const char  *name;
  const char  *length_command;
} value_types[] = {
  { KH_VALUE_TYPE_STRING, "string", "STRLEN" },
  { KH_VALUE_TYPE_HASH,   "hash",   "HLEN" },
  { KH_VALUE_TYPE_LIST,   "list",   "LLEN" },
  { KH_VALUE_TYPE_SET,    "set",    "SCARD" },
  { KH_VALUE_TYPE_ZSET,   "zset",   "ZCARD" },
  { KH_VALUE_TYPE_STREAM, "stream", "XLEN" },
  { KH_VALUE_TYPE_JSON,   JSON_TYPE_NAME, NULL },
};

KhValueType
kh_value_type_from_name (const char *type_name)
{
  if (type_name == NULL || g_str_equal (type_name, "none"))
    return KH_VALUE_TYPE_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (value_types); i++)
    if (g_str_equal (type_name, value_types[i].name))
      return value_types[i].type;
  return KH_VALUE_TYPE_OTHER;
}

const char *
kh_value_type_to_name (KhValueType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_types); i++)
    if (value_types[i].type == type)
      return value_types[i].name;
  return NULL;
}

static const char *
length_command (KhValueType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_types); i++)
    if (value_types[i].type == type)
      return value_types[i].length_command;
  return NULL;
}

typedef struct {
  GBytes        *key;
  KhValueHeader  header;
  KhValueType    hint;
  gboolean       has_memory;
  guint          hinted_slot;   /* where the hinted length is; G_MAXUINT when not asked */
} HeaderData;

static void
header_data_free (gpointer data)
{
  HeaderData *header_data = data;

  g_bytes_unref (header_data->key);
  g_free (header_data);
}

static void
return_error (GTask  *task,
              GError *cause)
{
  HeaderData *data = g_task_get_task_data (task);
  g_autofree char *name = kh_value_display_key (data->key);
  g_autofree char *prefix = g_strdup_printf (_("Could not read “%s”"), name);

  g_task_return_error (task, kh_value_wrap_error (cause, prefix));
}

static void
return_not_found (GTask *task)
{
  HeaderData *data = g_task_get_task_data (task);
  g_autofree char *name = kh_value_display_key (data->key);

  g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_FOUND,
                           _("“%s” no longer exists; it was deleted or expired"), name);
}

/* JSON.TYPE answers "object" with a legacy path and ["object"] with "$". */
static const char *
json_type_of (const KhReply *reply)
{
  if (reply != NULL && reply->kind == KH_REPLY_ARRAY && reply->len > 0)
    reply = reply->element[0];
  if (reply != NULL && (reply->kind == KH_REPLY_STRING || reply->kind == KH_REPLY_STATUS))
    return g_intern_string (reply->str);
  return NULL;
}

static gboolean
reply_length (const KhReply *reply,
              gint64        *length)
{
  if (reply != NULL && reply->kind == KH_REPLY_ARRAY && reply->len > 0)
    reply = reply->element[0];
  if (reply == NULL || reply->kind != KH_REPLY_INTEGER)
    return FALSE;
  *length = reply->integer;
  return TRUE;
}

static const char *
json_length_command (const char *json_type)
{
  if (g_strcmp0 (json_type, "object") == 0)
    return "JSON.OBJLEN";
  if (g_strcmp0 (json_type, "array") == 0)
    return "JSON.ARRLEN";
  if (g_strcmp0 (json_type, "string") == 0)
    return "JSON.STRLEN";
  return NULL;
}

static void send_length (GTask *task);

static void
on_length (GTask     *task,
           KhReply  **replies,
           GError   **errors,
           guint      n)
{
  HeaderData *data = g_task_get_task_data (task);

  if (g_error_matches (errors[0], G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return_error (task, g_steal_pointer (&errors[0]));
      return;
    }

  if (data->header.type == KH_VALUE_TYPE_JSON && data->header.json_type == NULL)
    {
      /* This was JSON.TYPE; the length comes next. */
      data->header.json_type = json_type_of (replies[0]);
      if (data->header.json_type == NULL && errors[0] == NULL &&
          (replies[0] == NULL || replies[0]->kind == KH_REPLY_NIL))
        {
          return_not_found (task);
          return;
        }
      if (json_length_command (data->header.json_type) != NULL)
        {
          send_length (task);
          return;
        }
    }
  else if (errors[0] == NULL && !reply_length (replies[0], &data->header.length))
    data->header.length = -1;

  g_task_return_boolean (task, TRUE);
}

/* The commands that find the length of a value of the known type, or NULL. */
static KhCommand *
length_command_for (KhSession     *session,
                    KhValueHeader *header,
                    GBytes        *key)
{
  const char *name = NULL;

  if (header->type == KH_VALUE_TYPE_JSON)
    {
      if (!kh_session_has_command (session, "JSON.TYPE"))
        return NULL;
      name = header->json_type == NULL ? "JSON.TYPE" : json_length_command (header->json_type);
    }
  else
    name = length_command (header->type);

  return name != NULL ? kh_value_key_command (name, key) : NULL;
}

static void
send_length (GTask *task)
{
  HeaderData *data = g_task_get_task_data (task);
  KhSession *session = g_task_get_source_object (task);
  KhCommand *command = length_command_for (session, &data->header, data->key);
  GPtrArray *commands;

  if (command == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  commands = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_command_free);
  g_ptr_array_add (commands, command);
  kh_value_batch_send (task, commands, g_task_get_cancellable (task), on_length);
}

enum {
  SLOT_TYPE,
  SLOT_PTTL,
  SLOT_ENCODING,
  SLOT_MEMORY,   /* only when the server has MEMORY */
};

static void
on_header (GTask     *task,
           KhReply  **replies,
           GError   **errors,
           guint      n)
{
  HeaderData *data = g_task_get_task_data (task);
  KhValueHeader *header = &data->header;
  guint hinted_slot = data->hinted_slot;
  KhReply *type = replies[SLOT_TYPE];
  KhReply *pttl = replies[SLOT_PTTL];

  for (guint i = SLOT_TYPE; i <= SLOT_PTTL; i++)
    if (errors[i] != NULL)
      {
        return_error (task, g_steal_pointer (&errors[i]));
        return;
      }
  if (type == NULL || (type->kind != KH_REPLY_STATUS && type->kind != KH_REPLY_STRING) ||
      pttl == NULL || pttl->kind != KH_REPLY_INTEGER)
    {
      return_error (task, kh_value_unexpected_reply ("TYPE"));
      return;
    }

  header->type_name = g_intern_string (type->str);
  header->type = kh_value_type_from_name (header->type_name);
  if (header->type == KH_VALUE_TYPE_NONE || pttl->integer == -2)
    {
      return_not_found (task);
      return;
    }
  header->ttl_ms = pttl->integer < 0 ? -1 : pttl->integer;

  if (replies[SLOT_ENCODING] != NULL &&
      (replies[SLOT_ENCODING]->kind == KH_REPLY_STRING || replies[SLOT_ENCODING]->kind == KH_REPLY_STATUS))
    header->encoding = g_intern_string (replies[SLOT_ENCODING]->str);

  if (data->has_memory && replies[SLOT_MEMORY] != NULL && replies[SLOT_MEMORY]->kind == KH_REPLY_INTEGER)
    header->size_bytes = replies[SLOT_MEMORY]->integer;

  if (hinted_slot < n && header->type == data->hint)
    {
      if (header->type == KH_VALUE_TYPE_JSON)
        {
          header->json_type = json_type_of (replies[hinted_slot]);
          if (header->json_type != NULL && json_length_command (header->json_type) != NULL)
            {
              send_length (task);
              return;
            }
        }
      else if (!reply_length (replies[hinted_slot], &header->length))
        header->length = -1;
      g_task_return_boolean (task, TRUE);
      return;
    }

  send_length (task);
}

void
kh_value_header_load_async (KhSession           *session,
                            GBytes              *key,
                            const char          *type_hint,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *commands;
  HeaderData *data;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_value_header_load_async);
  data = g_new0 (HeaderData, 1);
  data->key = g_bytes_ref (key);
  data->header.ttl_ms = -1;
  data->header.size_bytes = -1;
  data->header.length = -1;
  data->hint = kh_value_type_from_name (type_hint);
  g_task_set_task_data (task, data, header_data_free);

  commands = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_command_free);
  g_ptr_array_add (commands, kh_value_key_command ("TYPE", key));
  g_ptr_array_add (commands, kh_value_key_command ("PTTL", key));
  command = kh_command_new_va ("OBJECT", "ENCODING", NULL);
  kh_command_add_bytes (command, key);
  g_ptr_array_add (commands, command);
  data->has_memory = kh_session_has_command (session, "MEMORY");
  data->hinted_slot = G_MAXUINT;
  if (data->has_memory)
    {
      command = kh_command_new_va ("MEMORY", "USAGE", NULL);
      kh_command_add_bytes (command, key);
      g_ptr_array_add (commands, command);
    }

  /* The hinted type's length (JSON: its root type) goes in the same pipeline. */
  if (data->hint != KH_VALUE_TYPE_NONE && data->hint != KH_VALUE_TYPE_OTHER)
    {
      KhValueHeader guess = { .type = data->hint };

      command = length_command_for (session, &guess, key);
      if (command != NULL)
        {
          data->hinted_slot = commands->len;
          g_ptr_array_add (commands, command);
        }
    }

  kh_value_batch_send (task, commands, cancellable, on_header);
}

gboolean
kh_value_header_load_finish (KhSession      *session,
                             GAsyncResult   *result,
                             KhValueHeader  *header,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (header != NULL)
    *header = ((HeaderData *) g_task_get_task_data (G_TASK (result)))->header;
  return TRUE;
}
