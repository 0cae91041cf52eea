/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-create.c: new keys of each type, with their first content
 *
 * A string is SET (NX unless overwriting); the other types go through one
 * script that checks what is there, deletes it when overwriting, and writes
 * the first content, all in one step through the edit task of
 * kh-value-edit.c. A key that was deleted while shown is created again from
 * everything the view showed, through a second script that writes nothing
 * when a key of that name appeared meanwhile.
 */
#include "config.h"

#include "kh-value-edit.h"
#include "kh-value-edit-private.h"

#include <glib/gi18n-lib.h>

#include "kh-error.h"

/* ARGV: type, '1' to overwrite, TTL in ms ('0' for none), content...
 * Content is validated before sending: once DEL ran, the write must not fail. */
static const char script_create[] =
  "local t = redis.call('TYPE', KEYS[1])['ok']\n"
  "if t ~= 'none' then\n"
  "  if ARGV[2] ~= '1' then return {0, 'exists', false, -1, t} end\n"
  "  redis.call('DEL', KEYS[1])\n"
  "end\n"
  "local r = 1\n"
  "if ARGV[1] == 'hash' then redis.call('HSET', KEYS[1], ARGV[4], ARGV[5])\n"
  "elseif ARGV[1] == 'list' then redis.call('RPUSH', KEYS[1], ARGV[4])\n"
  "elseif ARGV[1] == 'set' then redis.call('SADD', KEYS[1], ARGV[4])\n"
  "elseif ARGV[1] == 'zset' then redis.call('ZADD', KEYS[1], ARGV[5], ARGV[4])\n"
  "elseif ARGV[1] == 'stream' then\n"
  "  local args = {KEYS[1], ARGV[4]}\n"
  "  for i = 5, #ARGV do args[#args + 1] = ARGV[i] end\n"
  "  r = redis.call('XADD', unpack(args))\n"
  "end\n"
  "if tonumber(ARGV[3]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end\n"
  "return {1, r}\n";

static void
on_string_exists_type (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, NULL);
  if (kh_value_edit_reply_is_text (reply))
    kh_value_edit_data (task)->conflict->server_type = g_intern_string (reply->str);
  kh_value_edit_return_conflict (task, KH_VALUE_CONFLICT_EXISTS);
}

static void
on_string_created (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    kh_value_edit_return_error (task, error);
  else if (reply->kind == KH_REPLY_NIL)
    {
      /* SET NX refused: say what is there. */
      KhCommand *command = kh_value_key_command ("TYPE", kh_value_edit_data (task)->key);

      kh_session_send_async (KH_SESSION (object), command, NULL, on_string_exists_type, g_steal_pointer (&task));
    }
  else
    kh_value_edit_return_done (task);
}

void
kh_value_create_async (KhSession            *session,
                       KhValueType           type,
                       GBytes               *key,
                       const KhValueContent *content,
                       gint64                ttl_ms,
                       KhValueCreateFlags    flags,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  gboolean overwrite = (flags & KH_VALUE_CREATE_OVERWRITE) != 0;
  KhCommand *command;
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (content != NULL);

  task = kh_value_edit_task_new (session, key, type, type != KH_VALUE_TYPE_STRING, cancellable,
                                 callback, user_data, kh_value_create_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->create = TRUE;
  edit->conflict->attempted_value = kh_value_edit_bytes_ref0 (content->value);

  /* Everything is checked here: once the script deleted a key it replaces,
   * the write must not fail. */
  switch (type)
    {
    case KH_VALUE_TYPE_STRING:
      if (content->value == NULL)
        break;
      command = kh_value_key_command ("SET", key);
      kh_command_add_bytes (command, content->value);
      if (!overwrite)
        kh_command_add (command, "NX");
      if (ttl_ms > 0)
        {
          kh_command_add (command, "PX");
          kh_command_add_int (command, ttl_ms);
        }
      kh_session_send_async (session, command, NULL, on_string_created, task);
      return;

    case KH_VALUE_TYPE_HASH:
    case KH_VALUE_TYPE_LIST:
    case KH_VALUE_TYPE_SET:
    case KH_VALUE_TYPE_ZSET:
      if (content->value == NULL || (type == KH_VALUE_TYPE_HASH && content->field == NULL))
        break;
      if (type == KH_VALUE_TYPE_ZSET && kh_value_edit_return_if_nan (task, content->score, 0))
        return;
      command = kh_command_new_va ("EVAL", script_create, "1", NULL);
      kh_command_add_bytes (command, key);
      kh_command_add (command, kh_value_type_to_name (type));
      kh_command_add (command, overwrite ? "1" : "0");
      kh_command_add_int (command, MAX (ttl_ms, 0));
      if (type == KH_VALUE_TYPE_HASH)
        {
          kh_command_add_bytes (command, content->field);
          kh_command_add_bytes (command, content->value);
        }
      else if (type == KH_VALUE_TYPE_ZSET)
        {
          g_autofree char *score = kh_value_edit_format_score (content->score);

          kh_command_add_bytes (command, content->value);
          kh_command_add (command, score);
        }
      else
        kh_command_add_bytes (command, content->value);
      kh_value_edit_send_command (task, command);
      return;

    case KH_VALUE_TYPE_STREAM:
      if (kh_value_edit_return_if_bad_stream_entry (task, content->stream_id, content->stream_fields))
        return;
      command = kh_command_new_va ("EVAL", script_create, "1", NULL);
      kh_command_add_bytes (command, key);
      kh_command_add (command, "stream");
      kh_command_add (command, overwrite ? "1" : "0");
      kh_command_add_int (command, MAX (ttl_ms, 0));
      kh_value_edit_add_stream_args (command, content->stream_id, content->stream_fields);
      kh_value_edit_send_command (task, command);
      return;

    case KH_VALUE_TYPE_NONE:
    case KH_VALUE_TYPE_JSON:
    case KH_VALUE_TYPE_OTHER:
    default:
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                               _("Keyhole cannot create keys of this type"));
      g_object_unref (task);
      return;
    }

  g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                           _("A new key needs its first content: a value, field, element or member"));
  g_object_unref (task);
}

/* ARGV: type, items... (see kh_value_recreate_async). Writes in chunks:
 * unpack() of a few thousand arguments overflows Lua's stack. */
static const char script_recreate[] =
  "local t = redis.call('TYPE', KEYS[1])['ok']\n"
  "if t ~= 'none' then return {0, 'exists', false, -1, t} end\n"
  "local n = #ARGV\n"
  "local function chunked (cmd, step)\n"
  "  local i = 2\n"
  "  while i <= n do\n"
  "    local last = math.min (n, i + 500 * step - 1)\n"
  "    local args = {KEYS[1]}\n"
  "    for j = i, last do args[#args + 1] = ARGV[j] end\n"
  "    redis.call(cmd, unpack(args))\n"
  "    i = last + 1\n"
  "  end\n"
  "end\n"
  "if ARGV[1] == 'string' then redis.call('SET', KEYS[1], ARGV[2])\n"
  "elseif ARGV[1] == 'hash' then chunked('HSET', 2)\n"
  "elseif ARGV[1] == 'list' then chunked('RPUSH', 1)\n"
  "elseif ARGV[1] == 'set' then chunked('SADD', 1)\n"
  "elseif ARGV[1] == 'zset' then chunked('ZADD', 2)\n"
  "elseif ARGV[1] == 'stream' then\n"
  "  local i = 2\n"
  "  while i <= n do\n"
  "    local args = {KEYS[1], ARGV[i]}\n"
  "    local last = i + 1 + tonumber(ARGV[i + 1])\n"
  "    for j = i + 2, last do args[#args + 1] = ARGV[j] end\n"
  "    redis.call('XADD', unpack(args))\n"
  "    i = last + 1\n"
  "  end\n"
  "else redis.call('JSON.SET', KEYS[1], '$', ARGV[2]) end\n"
  "return {1}\n";

void
kh_value_recreate_async (KhSession           *session,
                         KhValueType          type,
                         GBytes              *key,
                         GPtrArray           *items,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  KhCommand *command;
  GTask *task;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (items != NULL);

  task = kh_value_edit_task_new (session, key, type, TRUE, cancellable, callback, user_data,
                                 kh_value_recreate_async);
  if (task == NULL)
    return;
  kh_value_edit_data (task)->create = TRUE;
  if (items->len == 0 || type == KH_VALUE_TYPE_NONE || type == KH_VALUE_TYPE_OTHER)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                               _("Nothing was shown that could be written again"));
      g_object_unref (task);
      return;
    }
  command = kh_command_new_va ("EVAL", script_recreate, "1", NULL);
  kh_command_add_bytes (command, key);
  kh_command_add (command, type == KH_VALUE_TYPE_JSON ? "json" : kh_value_type_to_name (type));
  for (guint i = 0; i < items->len; i++)
    kh_command_add_bytes (command, g_ptr_array_index (items, i));
  kh_value_edit_send_command (task, command);
}
