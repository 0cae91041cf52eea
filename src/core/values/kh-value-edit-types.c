/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-edit-types.c: the edits of each type (strings, hashes, lists,
 * sets, sorted sets, streams); new keys are in kh-value-create.c
 *
 * Each edit checks what it can here, then runs one of the scripts below
 * through the edit task of kh-value-edit.c, which turns the script's answer
 * into a result, an error or a KhValueConflict.
 */
#include "config.h"

#include "kh-value-edit.h"
#include "kh-value-edit-private.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-value-string.h"

/* ARGV[1] of every edit script is the type the key must have. */
#define PROLOGUE \
  "local t = redis.call('TYPE', KEYS[1])['ok']\n" \
  "if t == 'none' then return {-1} end\n" \
  "if t ~= ARGV[1] then return {-2, t} end\n"

/* ARGV: type, 'sha1' or 'bytes', expected (or its SHA-1), new value, conflict size limit */
static const char script_string_set[] =
  PROLOGUE
  "local cur = redis.call('GET', KEYS[1])\n"
  "local same\n"
  "if ARGV[2] == 'sha1' then same = redis.sha1hex(cur) == ARGV[3] else same = cur == ARGV[3] end\n"
  "if not same then\n"
  "  local n = string.len(cur)\n"
  "  local limit = tonumber(ARGV[5])\n"
  "  if n > limit then cur = string.sub(cur, 1, limit) end\n"
  "  return {0, 'changed', cur, n}\n"
  "end\n"
  "local ttl = redis.call('PTTL', KEYS[1])\n"
  "redis.call('SET', KEYS[1], ARGV[4])\n"
  "if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end\n"
  "return {1}\n";

/* ARGV: 'hash', field, expected, new value */
static const char script_hash_set[] =
  PROLOGUE
  "local cur = redis.call('HGET', KEYS[1], ARGV[2])\n"
  "if not cur then return {0, 'gone'} end\n"
  "if cur ~= ARGV[3] then return {0, 'changed', cur} end\n"
  "redis.call('HSET', KEYS[1], ARGV[2], ARGV[4])\n"
  "return {1}\n";

/* ARGV: 'hash', field, value */
static const char script_hash_add[] =
  PROLOGUE
  "if redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[3]) == 0 then\n"
  "  return {0, 'exists', redis.call('HGET', KEYS[1], ARGV[2])}\n"
  "end\n"
  "return {1}\n";

/* ARGV: 'hash', field, expected */
static const char script_hash_delete[] =
  PROLOGUE
  "local cur = redis.call('HGET', KEYS[1], ARGV[2])\n"
  "if not cur then return {0, 'gone'} end\n"
  "if cur ~= ARGV[3] then return {0, 'changed', cur} end\n"
  "redis.call('HDEL', KEYS[1], ARGV[2])\n"
  "return {1}\n";

/* ARGV: 'list', index, expected, new value */
static const char script_list_set[] =
  PROLOGUE
  "local cur = redis.call('LINDEX', KEYS[1], ARGV[2])\n"
  "if not cur then return {0, 'gone'} end\n"
  "if cur ~= ARGV[3] then return {0, 'changed', cur} end\n"
  "redis.call('LSET', KEYS[1], ARGV[2], ARGV[4])\n"
  "return {1}\n";

/* ARGV: 'list', 'LPUSH' or 'RPUSH', value */
static const char script_list_push[] =
  PROLOGUE
  "return {1, redis.call(ARGV[2], KEYS[1], ARGV[3])}\n";

/* ARGV: 'list', index or '' for the first equal element, value, tombstone.
 * The element at an index is removed by overwriting it with a unique
 * tombstone and removing that, so equal elements elsewhere stay. */
static const char script_list_remove[] =
  PROLOGUE
  "if ARGV[2] == '' then\n"
  "  if redis.call('LREM', KEYS[1], 1, ARGV[3]) == 0 then return {0, 'gone'} end\n"
  "  return {1}\n"
  "end\n"
  "local cur = redis.call('LINDEX', KEYS[1], ARGV[2])\n"
  "if not cur then return {0, 'gone'} end\n"
  "if cur ~= ARGV[3] then return {0, 'changed', cur} end\n"
  "redis.call('LSET', KEYS[1], ARGV[2], ARGV[4])\n"
  "redis.call('LREM', KEYS[1], 1, ARGV[4])\n"
  "return {1}\n";

/* ARGV: 'set', member */
static const char script_set_add[] =
  PROLOGUE
  "if redis.call('SADD', KEYS[1], ARGV[2]) == 0 then return {0, 'exists', ARGV[2]} end\n"
  "return {1}\n";

/* ARGV: 'set', member */
static const char script_set_remove[] =
  PROLOGUE
  "if redis.call('SREM', KEYS[1], ARGV[2]) == 0 then return {0, 'gone'} end\n"
  "return {1}\n";

/* ARGV: 'zset', member, score */
static const char script_zset_add[] =
  PROLOGUE
  "local cur = redis.call('ZSCORE', KEYS[1], ARGV[2])\n"
  "if cur then return {0, 'exists', cur} end\n"
  "redis.call('ZADD', KEYS[1], 'NX', ARGV[3], ARGV[2])\n"
  "return {1}\n";

/* ARGV: 'zset', member, expected score, new score. Scores compare as
 * numbers: the server may write them differently ("1" and "1.0"). */
static const char script_zset_score[] =
  PROLOGUE
  "local function num(s)\n"
  "  if s == 'inf' or s == '+inf' then return math.huge end\n"
  "  if s == '-inf' then return -math.huge end\n"
  "  return tonumber(s)\n"
  "end\n"
  "local cur = redis.call('ZSCORE', KEYS[1], ARGV[2])\n"
  "if not cur then return {0, 'gone'} end\n"
  "if num(cur) ~= num(ARGV[3]) then return {0, 'changed', cur} end\n"
  "redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[4], ARGV[2])\n"
  "return {1}\n";

/* ARGV: 'zset', member */
static const char script_zset_remove[] =
  PROLOGUE
  "if redis.call('ZREM', KEYS[1], ARGV[2]) == 0 then return {0, 'gone'} end\n"
  "return {1}\n";

/* ARGV: 'stream', id, field, value, ... */
static const char script_stream_add[] =
  PROLOGUE
  "local args = {KEYS[1], ARGV[2]}\n"
  "for i = 3, #ARGV do args[#args + 1] = ARGV[i] end\n"
  "return {1, redis.call('XADD', unpack(args))}\n";

/* ARGV: 'stream', id */
static const char script_stream_delete[] =
  PROLOGUE
  "if redis.call('XDEL', KEYS[1], ARGV[2]) == 0 then return {0, 'gone'} end\n"
  "return {1}\n";

/* Scores and numbers as text */

char *
kh_value_edit_format_score (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isinf (value))
    return g_strdup (value > 0 ? "inf" : "-inf");
  for (int precision = 15; precision <= 17; precision++)
    {
      static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

      g_ascii_formatd (buffer, sizeof buffer, formats[precision - 15], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

static GBytes *
score_bytes (double value)
{
  g_autofree char *text = kh_value_edit_format_score (value);

  return kh_value_edit_bytes (text);
}

static GBytes *
int_bytes (gint64 value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return kh_value_edit_bytes (text);
}

/* Strings */

void
kh_value_string_set_async (KhSession           *session,
                           GBytes              *key,
                           GBytes              *expected,
                           GBytes              *value,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GBytes) mode = NULL;
  g_autoptr(GBytes) compare = NULL;
  g_autoptr(GBytes) limit = NULL;
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && expected != NULL && value != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_STRING, TRUE, cancellable, callback,
                                 user_data, kh_value_string_set_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->conflict->user_value = g_bytes_ref (expected);
  edit->conflict->attempted_value = g_bytes_ref (value);

  if (g_bytes_get_size (expected) > KH_VALUE_EDIT_DIGEST_THRESHOLD)
    {
      g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, expected);

      mode = kh_value_edit_bytes ("sha1");
      compare = kh_value_edit_bytes (digest);
    }
  else
    {
      mode = kh_value_edit_bytes ("bytes");
      compare = g_bytes_ref (expected);
    }
  limit = int_bytes (KH_VALUE_STRING_THRESHOLD);
  kh_value_edit_send_script (task, script_string_set, mode, compare, value, limit, NULL);
}

static void
on_incremented (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhValueEditData *edit = kh_value_edit_data (task);
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      if (error->domain == KH_ERROR && error->code == KH_ERROR_SERVER &&
          (strstr (error->message, "not an integer") != NULL || strstr (error->message, "not a valid float") != NULL))
        {
          g_autofree char *name = kh_value_display_key (edit->key);

          g_clear_error (&error);
          g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                                   _("“%s” does not hold a number that can be incremented; it was not changed"),
                                   name);
          return;
        }
      kh_value_edit_return_error (task, error);
      return;
    }
  if (reply->kind == KH_REPLY_NIL)
    {
      kh_value_edit_return_not_found (task);
      return;
    }
  edit->out_value = kh_value_edit_reply_to_bytes (reply);
  if (edit->out_value == NULL)
    kh_value_edit_return_error (task, kh_value_unexpected_reply ("INCRBY"));
  else
    kh_value_edit_return_done (task);
}

/* INCRBY and INCRBYFLOAT create a missing key: through a script that
 * checks first, where the server runs scripts, a deleted key stays deleted
 * (the script answers nil). */
static KhCommand *
increment_command (KhSession  *session,
                   GBytes     *key,
                   const char *name,
                   const char *delta)
{
  KhCommand *command;

  if (!kh_session_has_command (session, "EVAL"))
    {
      command = kh_value_key_command (name, key);
      kh_command_add (command, delta);
      return command;
    }
  command = kh_command_new_va ("EVAL",
                               "if redis.call('EXISTS', KEYS[1]) == 0 then return false end\n"
                               "return redis.call(ARGV[1], KEYS[1], ARGV[2])\n",
                               "1", NULL);
  kh_command_add_bytes (command, key);
  kh_command_add (command, name);
  kh_command_add (command, delta);
  return command;
}

void
kh_value_string_increment_async (KhSession           *session,
                                 GBytes              *key,
                                 gint64               delta,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *delta_text = g_strdup_printf ("%" G_GINT64_FORMAT, delta);
  KhCommand *command;
  GTask *task;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_STRING, FALSE, cancellable, callback,
                                 user_data, kh_value_string_increment_async);
  if (task == NULL)
    return;
  command = increment_command (session, key, "INCRBY", delta_text);
  kh_session_send_async (session, command, NULL, on_incremented, task);
}

void
kh_value_string_increment_float_async (KhSession           *session,
                                       GBytes              *key,
                                       double               delta,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *text = NULL;
  KhCommand *command;
  GTask *task;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_STRING, FALSE, cancellable, callback,
                                 user_data, kh_value_string_increment_float_async);
  if (task == NULL)
    return;
  if (!isfinite (delta))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                               _("The increment must be a finite number"));
      g_object_unref (task);
      return;
    }
  text = kh_value_edit_format_score (delta);
  command = increment_command (session, key, "INCRBYFLOAT", text);
  kh_session_send_async (session, command, NULL, on_incremented, task);
}

/* Hashes */

void
kh_value_hash_set_field_async (KhSession           *session,
                               GBytes              *key,
                               GBytes              *field,
                               GBytes              *expected,
                               GBytes              *value,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && field != NULL && expected != NULL && value != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_HASH, TRUE, cancellable, callback,
                                 user_data, kh_value_hash_set_field_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->conflict->item = g_bytes_ref (field);
  edit->conflict->user_value = g_bytes_ref (expected);
  edit->conflict->attempted_value = g_bytes_ref (value);
  kh_value_edit_send_script (task, script_hash_set, field, expected, value, NULL);
}

void
kh_value_hash_add_field_async (KhSession           *session,
                               GBytes              *key,
                               GBytes              *field,
                               GBytes              *value,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && field != NULL && value != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_HASH, TRUE, cancellable, callback,
                                 user_data, kh_value_hash_add_field_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->conflict->item = g_bytes_ref (field);
  edit->conflict->attempted_value = g_bytes_ref (value);
  kh_value_edit_send_script (task, script_hash_add, field, value, NULL);
}

void
kh_value_hash_delete_field_async (KhSession           *session,
                                  GBytes              *key,
                                  GBytes              *field,
                                  GBytes              *expected,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && field != NULL && expected != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_HASH, TRUE, cancellable, callback,
                                 user_data, kh_value_hash_delete_field_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->conflict->item = g_bytes_ref (field);
  edit->conflict->user_value = g_bytes_ref (expected);
  kh_value_edit_send_script (task, script_hash_delete, field, expected, NULL);
}

/* Lists */

void
kh_value_list_set_async (KhSession           *session,
                         GBytes              *key,
                         gint64               index,
                         GBytes              *expected,
                         GBytes              *value,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GBytes) index_arg = NULL;
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && expected != NULL && value != NULL);
  g_return_if_fail (index >= 0);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_LIST, TRUE, cancellable, callback,
                                 user_data, kh_value_list_set_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->conflict->index = index;
  edit->conflict->user_value = g_bytes_ref (expected);
  edit->conflict->attempted_value = g_bytes_ref (value);
  index_arg = int_bytes (index);
  kh_value_edit_send_script (task, script_list_set, index_arg, expected, value, NULL);
}

void
kh_value_list_push_async (KhSession           *session,
                          GBytes              *key,
                          KhValueListEnd       end,
                          GBytes              *value,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GBytes) command = NULL;
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && value != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_LIST, TRUE, cancellable, callback,
                                 user_data, kh_value_list_push_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->conflict->attempted_value = g_bytes_ref (value);
  command = kh_value_edit_bytes (end == KH_VALUE_LIST_HEAD ? "LPUSH" : "RPUSH");
  kh_value_edit_send_script (task, script_list_push, command, value, NULL);
}

void
kh_value_list_remove_async (KhSession           *session,
                            GBytes              *key,
                            gint64               index,
                            GBytes              *value,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GBytes) index_arg = NULL;
  g_autoptr(GBytes) tombstone = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *tombstone_text = NULL;
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && value != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_LIST, TRUE, cancellable, callback,
                                 user_data, kh_value_list_remove_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->conflict->index = index >= 0 ? index : -1;
  edit->conflict->user_value = g_bytes_ref (value);
  index_arg = index >= 0 ? int_bytes (index) : g_bytes_new (NULL, 0);
  uuid = g_uuid_string_random ();
  tombstone_text = g_strconcat ("keyhole:removing:", uuid, NULL);
  tombstone = kh_value_edit_bytes (tombstone_text);
  kh_value_edit_send_script (task, script_list_remove, index_arg, value, tombstone, NULL);
}

/* Sets */

static void
member_edit (KhSession           *session,
             GBytes              *key,
             KhValueType          type,
             const char          *script,
             GBytes              *member,
             gboolean             adding,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task = kh_value_edit_task_new (session, key, type, TRUE, cancellable, callback, user_data,
                                        source_tag);
  KhValueEditData *edit;

  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  edit->conflict->item = g_bytes_ref (member);
  if (adding)
    edit->conflict->attempted_value = g_bytes_ref (member);
  else
    edit->conflict->user_value = g_bytes_ref (member);
  kh_value_edit_send_script (task, script, member, NULL);
}

void
kh_value_set_add_async (KhSession           *session,
                        GBytes              *key,
                        GBytes              *member,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && member != NULL);

  member_edit (session, key, KH_VALUE_TYPE_SET, script_set_add, member, TRUE, cancellable, callback,
               user_data, kh_value_set_add_async);
}

void
kh_value_set_remove_async (KhSession           *session,
                           GBytes              *key,
                           GBytes              *member,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && member != NULL);

  member_edit (session, key, KH_VALUE_TYPE_SET, script_set_remove, member, FALSE, cancellable, callback,
               user_data, kh_value_set_remove_async);
}

/* Sorted sets */

gboolean
kh_value_edit_return_if_nan (GTask  *task,
                             double  score,
                             double  other_score)
{
  if (!isnan (score) && !isnan (other_score))
    return FALSE;
  g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT, _("A score must be a number"));
  g_object_unref (task);
  return TRUE;
}

void
kh_value_zset_add_async (KhSession           *session,
                         GBytes              *key,
                         GBytes              *member,
                         double               score,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GBytes) score_arg = NULL;
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && member != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_ZSET, TRUE, cancellable, callback,
                                 user_data, kh_value_zset_add_async);
  if (task == NULL || kh_value_edit_return_if_nan (task, score, 0))
    return;
  edit = kh_value_edit_data (task);
  score_arg = score_bytes (score);
  edit->conflict->item = g_bytes_ref (member);
  edit->conflict->attempted_value = g_bytes_ref (score_arg);
  kh_value_edit_send_script (task, script_zset_add, member, score_arg, NULL);
}

void
kh_value_zset_set_score_async (KhSession           *session,
                               GBytes              *key,
                               GBytes              *member,
                               double               expected_score,
                               double               score,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GBytes) expected_arg = NULL;
  g_autoptr(GBytes) score_arg = NULL;
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && member != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_ZSET, TRUE, cancellable, callback,
                                 user_data, kh_value_zset_set_score_async);
  if (task == NULL || kh_value_edit_return_if_nan (task, score, expected_score))
    return;
  edit = kh_value_edit_data (task);
  expected_arg = score_bytes (expected_score);
  score_arg = score_bytes (score);
  edit->conflict->item = g_bytes_ref (member);
  edit->conflict->user_value = g_bytes_ref (expected_arg);
  edit->conflict->attempted_value = g_bytes_ref (score_arg);
  kh_value_edit_send_script (task, script_zset_score, member, expected_arg, score_arg, NULL);
}

void
kh_value_zset_remove_async (KhSession           *session,
                            GBytes              *key,
                            GBytes              *member,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && member != NULL);

  member_edit (session, key, KH_VALUE_TYPE_ZSET, script_zset_remove, member, FALSE, cancellable, callback,
               user_data, kh_value_zset_remove_async);
}

/* Streams */

/* "*", "<ms>", "<ms>-<seq>" or "<ms>-*", each number fitting 64 bits, and
 * not 0-0, which no entry may have. */
static gboolean
stream_id_is_valid (const char *id)
{
  g_auto(GStrv) parts = NULL;
  guint64 ms = 0, seq = 0;

  if (id == NULL || g_str_equal (id, "*"))
    return TRUE;
  parts = g_strsplit (id, "-", 3);
  if (parts[0] == NULL || g_strv_length (parts) > 2)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXUINT64, &ms, NULL))
    return FALSE;
  if (parts[1] == NULL)
    return ms > 0;
  if (g_str_equal (parts[1], "*"))
    return TRUE;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT64, &seq, NULL))
    return FALSE;
  return ms > 0 || seq > 0;
}

static gboolean
stream_fields_are_valid (GPtrArray *fields)
{
  return fields != NULL && fields->len >= 2 && fields->len % 2 == 0;
}

gboolean
kh_value_edit_return_if_bad_stream_entry (GTask      *task,
                                          const char *id,
                                          GPtrArray  *fields)
{
  if (!stream_id_is_valid (id))
    g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                             _("“%s” is not a valid stream entry id: use * or milliseconds-sequence, "
                               "such as 1700000000000-0"), id);
  else if (!stream_fields_are_valid (fields))
    g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                             _("A stream entry needs at least one field and a value for each field"));
  else
    return FALSE;
  g_object_unref (task);
  return TRUE;
}

void
kh_value_edit_add_stream_args (KhCommand  *command,
                               const char *id,
                               GPtrArray  *fields)
{
  kh_command_add (command, id != NULL ? id : "*");
  for (guint i = 0; i < fields->len; i++)
    kh_command_add_bytes (command, g_ptr_array_index (fields, i));
}

void
kh_value_stream_add_async (KhSession           *session,
                           GBytes              *key,
                           const char          *id,
                           GPtrArray           *fields,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  KhCommand *command;
  GTask *task;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_STREAM, TRUE, cancellable, callback,
                                 user_data, kh_value_stream_add_async);
  if (task == NULL || kh_value_edit_return_if_bad_stream_entry (task, id, fields))
    return;
  command = kh_command_new_va ("EVAL", script_stream_add, "1", NULL);
  kh_command_add_bytes (command, key);
  kh_command_add (command, "stream");
  kh_value_edit_add_stream_args (command, id, fields);
  kh_value_edit_send_command (task, command);
}

void
kh_value_stream_delete_async (KhSession           *session,
                              GBytes              *key,
                              const char          *id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GBytes) id_arg = NULL;
  GTask *task;
  KhValueEditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && id != NULL);

  task = kh_value_edit_task_new (session, key, KH_VALUE_TYPE_STREAM, TRUE, cancellable, callback,
                                 user_data, kh_value_stream_delete_async);
  if (task == NULL)
    return;
  edit = kh_value_edit_data (task);
  id_arg = kh_value_edit_bytes (id);
  edit->conflict->item = g_bytes_ref (id_arg);
  kh_value_edit_send_script (task, script_stream_delete, id_arg, NULL);
}
