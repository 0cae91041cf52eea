/* kh-value-edit.c: compare-and-set edits in Lua, and new keys
 *
 * Each edit is one EVAL of a short script: it checks the key's type, then
 * that the item still holds what the user saw, and only then writes, with a
 * single write command (or SET then PEXPIRE, which cannot fail after SET), so
 * a refusal or an error leaves the key as it was. Scripts answer with a small
 * array that this file turns into a result, an error, or a KhValueConflict:
 *
 *   {1 [, value]}                                 done (value: new length, id)
 *   {0, kind [, server value [, length [, type]]]} conflict: kind is "changed",
 *                                                 "gone" or "exists"
 *   {-1}                                          the key does not exist
 *   {-2, type}                                    the key holds another type
 *
 * Why not WATCH/MULTI/EXEC: see kh-value-edit.h.
 */
#include "config.h"

#include "kh-value-edit.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-value-private.h"
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

/* Conflicts */

KhValueConflict *
kh_value_conflict_copy (const KhValueConflict *conflict)
{
  KhValueConflict *copy;

  g_return_val_if_fail (conflict != NULL, NULL);

  copy = g_new0 (KhValueConflict, 1);
  *copy = *conflict;
#define REF(field) copy->field = conflict->field != NULL ? g_bytes_ref (conflict->field) : NULL
  REF (key);
  REF (item);
  REF (user_value);
  REF (attempted_value);
  REF (server_value);
#undef REF
  return copy;
}

void
kh_value_conflict_free (KhValueConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_clear_pointer (&conflict->key, g_bytes_unref);
  g_clear_pointer (&conflict->item, g_bytes_unref);
  g_clear_pointer (&conflict->user_value, g_bytes_unref);
  g_clear_pointer (&conflict->attempted_value, g_bytes_unref);
  g_clear_pointer (&conflict->server_value, g_bytes_unref);
  g_free (conflict);
}

G_DEFINE_BOXED_TYPE (KhValueConflict, kh_value_conflict, kh_value_conflict_copy, kh_value_conflict_free)

/* Edits */

typedef struct {
  GBytes          *key;
  KhValueType      type;
  gboolean         create;
  /* Filled in as far as known before sending; completed from the reply. */
  KhValueConflict *conflict;
  gboolean         has_conflict;
  GBytes          *out_value;
} EditData;

static void
edit_data_free (gpointer data)
{
  EditData *edit = data;

  g_clear_pointer (&edit->key, g_bytes_unref);
  g_clear_pointer (&edit->conflict, kh_value_conflict_free);
  g_clear_pointer (&edit->out_value, g_bytes_unref);
  g_free (edit);
}

static GBytes *
bytes_ref0 (GBytes *bytes)
{
  return bytes != NULL ? g_bytes_ref (bytes) : NULL;
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* A task for an edit of @key, refused at once (returning NULL) on read-only
 * sessions or without EVAL when @needs_eval. */
static GTask *
edit_task_new (KhSession           *session,
               GBytes              *key,
               KhValueType          type,
               gboolean             needs_eval,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  EditData *edit = g_new0 (EditData, 1);

  g_task_set_source_tag (task, source_tag);
  /* A write that was sent is not undone by cancelling: report the outcome. */
  g_task_set_check_cancellable (task, FALSE);
  edit->key = g_bytes_ref (key);
  edit->type = type;
  edit->conflict = g_new0 (KhValueConflict, 1);
  edit->conflict->key = g_bytes_ref (key);
  edit->conflict->index = -1;
  edit->conflict->server_length = -1;
  g_task_set_task_data (task, edit, edit_data_free);

  if (kh_session_is_read_only (session))
    {
      g_autofree char *name = kh_value_display_key (key);

      g_task_return_new_error (task, KH_ERROR, KH_ERROR_READ_ONLY,
                               _("This connection is read-only, so “%s” was not changed"), name);
      return NULL;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The edit was cancelled"));
      return NULL;
    }
  if (needs_eval && !kh_session_has_command (session, "EVAL"))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                               _("This server does not run Lua scripts (EVAL), which Keyhole needs "
                                 "to change values without overwriting changes made by others"));
      return NULL;
    }
  return g_steal_pointer (&task);
}

static EditData *
edit_data (GTask *task)
{
  return g_task_get_task_data (task);
}

static const char *
type_noun (const char *type_name)
{
  switch (kh_value_type_from_name (type_name))
    {
    case KH_VALUE_TYPE_STRING: return _("a string");
    case KH_VALUE_TYPE_HASH:   return _("a hash");
    case KH_VALUE_TYPE_LIST:   return _("a list");
    case KH_VALUE_TYPE_SET:    return _("a set");
    case KH_VALUE_TYPE_ZSET:   return _("a sorted set");
    case KH_VALUE_TYPE_STREAM: return _("a stream");
    case KH_VALUE_TYPE_JSON:   return _("a JSON document");
    case KH_VALUE_TYPE_NONE:
    case KH_VALUE_TYPE_OTHER:
    default:                   return _("a value of another type");
    }
}

static void
return_conflict (GTask               *task,
                 KhValueConflictKind  kind)
{
  EditData *edit = edit_data (task);
  g_autofree char *name = kh_value_display_key (edit->key);
  const char *server_type = edit->conflict->server_type;

  edit->conflict->kind = kind;
  edit->has_conflict = TRUE;

  switch (kind)
    {
    case KH_VALUE_CONFLICT_CHANGED:
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_CONFLICT,
                               _("“%s” was changed by someone else after you loaded it, so your edit "
                                 "was not saved; compare both versions and choose which to keep"), name);
      break;
    case KH_VALUE_CONFLICT_GONE:
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_CONFLICT,
                               _("What you changed in “%s” was removed by someone else after you "
                                 "loaded it, so your edit was not saved; reload the key"), name);
      break;
    case KH_VALUE_CONFLICT_EXISTS:
      if (edit->create)
        g_task_return_new_error (task, KH_ERROR, KH_ERROR_CONFLICT,
                                 _("A key named “%s” already exists (%s); choose another name or "
                                   "allow replacing it"), name, type_noun (server_type));
      else
        g_task_return_new_error (task, KH_ERROR, KH_ERROR_CONFLICT,
                                 _("“%s” already holds this item, so nothing was added; edit the "
                                   "existing one instead"), name);
      break;
    case KH_VALUE_CONFLICT_WRONG_TYPE:
    default:
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_CONFLICT,
                               _("“%s” now holds %s instead of %s, so your edit was not saved; reload it"),
                               name, type_noun (server_type),
                               type_noun (kh_value_type_to_name (edit->type)));
      break;
    }
}

static void
return_error (GTask  *task,
              GError *cause)
{
  EditData *edit = edit_data (task);
  g_autofree char *name = kh_value_display_key (edit->key);
  g_autofree char *prefix = NULL;

  if (edit->create)
    prefix = g_strdup_printf (_("Could not create “%s”"), name);
  else
    prefix = g_strdup_printf (_("Could not change “%s”"), name);
  g_task_return_error (task, kh_value_wrap_error (cause, prefix));
}

static void
return_not_found (GTask *task)
{
  EditData *edit = edit_data (task);
  g_autofree char *name = kh_value_display_key (edit->key);

  g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_FOUND,
                           _("“%s” no longer exists (it was deleted or expired), so your edit was not "
                             "saved"), name);
}

static gboolean
reply_is_text (const KhReply *reply)
{
  return reply != NULL && (reply->kind == KH_REPLY_STRING || reply->kind == KH_REPLY_STATUS);
}

/* A script's or command's result element as bytes: strings as they are,
 * integers as decimal text. */
static GBytes *
reply_to_bytes (const KhReply *reply)
{
  if (reply_is_text (reply))
    return kh_reply_dup_bytes (reply);
  if (reply != NULL && reply->kind == KH_REPLY_INTEGER)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, reply->integer);

      return bytes_from_string (text);
    }
  return NULL;
}

static void
on_script_reply (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EditData *edit = edit_data (task);
  KhValueConflict *conflict = edit->conflict;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;
  const KhReply *kind;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len < 1 || reply->element[0]->kind != KH_REPLY_INTEGER)
    {
      return_error (task, kh_value_unexpected_reply ("EVAL"));
      return;
    }

  switch (reply->element[0]->integer)
    {
    case 1:
      if (reply->len > 1)
        edit->out_value = reply_to_bytes (reply->element[1]);
      g_task_return_boolean (task, TRUE);
      return;

    case -1:
      return_not_found (task);
      return;

    case -2:
      conflict->server_type = reply->len > 1 && reply_is_text (reply->element[1])
                              ? g_intern_string (reply->element[1]->str) : NULL;
      return_conflict (task, KH_VALUE_CONFLICT_WRONG_TYPE);
      return;

    case 0:
      kind = reply->len > 1 ? reply->element[1] : NULL;
      if (!reply_is_text (kind))
        break;
      if (reply->len > 2 && reply_is_text (reply->element[2]))
        {
          conflict->server_value = kh_reply_dup_bytes (reply->element[2]);
          conflict->server_length = reply->element[2]->len;
        }
      if (reply->len > 3 && reply->element[3]->kind == KH_REPLY_INTEGER && reply->element[3]->integer >= 0)
        conflict->server_length = reply->element[3]->integer;
      conflict->server_value_truncated =
        conflict->server_value != NULL && conflict->server_length > (gint64) g_bytes_get_size (conflict->server_value);
      if (reply->len > 4 && reply_is_text (reply->element[4]))
        conflict->server_type = g_intern_string (reply->element[4]->str);
      else
        conflict->server_type = kh_value_type_to_name (edit->type);

      if (strcmp (kind->str, "changed") == 0)
        return_conflict (task, KH_VALUE_CONFLICT_CHANGED);
      else if (strcmp (kind->str, "gone") == 0)
        return_conflict (task, KH_VALUE_CONFLICT_GONE);
      else if (strcmp (kind->str, "exists") == 0)
        return_conflict (task, KH_VALUE_CONFLICT_EXISTS);
      else
        break;
      return;

    default:
      break;
    }
  return_error (task, kh_value_unexpected_reply ("EVAL"));
}

/* EVAL @script 1 <key> <type> @args... (transfer none; NULL-terminated,
 * GBytes). The type the key must have goes first. */
static void
send_script (GTask      *task,
             const char *script,
             GBytes     *first_arg,
             ...)
{
  EditData *edit = edit_data (task);
  KhSession *session = g_task_get_source_object (task);
  KhCommand *command = kh_command_new_va ("EVAL", script, "1", NULL);
  const char *type_name = kh_value_type_to_name (edit->type);
  va_list args;

  kh_command_add_bytes (command, edit->key);
  kh_command_add (command, type_name != NULL ? type_name : "none");
  va_start (args, first_arg);
  for (GBytes *arg = first_arg; arg != NULL; arg = va_arg (args, GBytes *))
    kh_command_add_bytes (command, arg);
  va_end (args);
  kh_session_send_async (session, command, NULL, on_script_reply, task);
}

/* Sends @command (transfer full) with the edit's type check done by the
 * caller; for commands the scripts do not cover. */
static void
send_script_command (GTask     *task,
                     KhCommand *command)
{
  kh_session_send_async (g_task_get_source_object (task), command, NULL, on_script_reply, task);
}

gboolean
kh_value_edit_finish (KhSession         *session,
                      GAsyncResult      *result,
                      GBytes           **out_value,
                      KhValueConflict  **conflict,
                      GError           **error)
{
  EditData *edit;

  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);

  edit = g_task_get_task_data (G_TASK (result));
  if (out_value != NULL)
    *out_value = NULL;
  if (conflict != NULL)
    *conflict = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      if (conflict != NULL && edit->has_conflict)
        *conflict = kh_value_conflict_copy (edit->conflict);
      return FALSE;
    }
  if (out_value != NULL)
    *out_value = bytes_ref0 (edit->out_value);
  return TRUE;
}

/* Scores and numbers as text */

/* The shortest text that reads back as @value ("0.1", not
 * "0.10000000000000001"), in the server's syntax for infinities. */
static char *
format_score (double value)
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
  g_autofree char *text = format_score (value);

  return bytes_from_string (text);
}

static GBytes *
int_bytes (gint64 value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return bytes_from_string (text);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && expected != NULL && value != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_STRING, TRUE, cancellable, callback, user_data,
                        kh_value_string_set_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->conflict->user_value = g_bytes_ref (expected);
  edit->conflict->attempted_value = g_bytes_ref (value);

  if (g_bytes_get_size (expected) > KH_VALUE_EDIT_DIGEST_THRESHOLD)
    {
      g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA1, expected);

      mode = bytes_from_string ("sha1");
      compare = bytes_from_string (digest);
    }
  else
    {
      mode = bytes_from_string ("bytes");
      compare = g_bytes_ref (expected);
    }
  limit = int_bytes (KH_VALUE_STRING_THRESHOLD);
  send_script (task, script_string_set, mode, compare, value, limit, NULL);
}

static void
on_incremented (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EditData *edit = edit_data (task);
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
      return_error (task, error);
      return;
    }
  edit->out_value = reply_to_bytes (reply);
  if (edit->out_value == NULL)
    return_error (task, kh_value_unexpected_reply ("INCRBY"));
  else
    g_task_return_boolean (task, TRUE);
}

void
kh_value_string_increment_async (KhSession           *session,
                                 GBytes              *key,
                                 gint64               delta,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  KhCommand *command;
  GTask *task;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_STRING, FALSE, cancellable, callback, user_data,
                        kh_value_string_increment_async);
  if (task == NULL)
    return;
  command = kh_value_key_command ("INCRBY", key);
  kh_command_add_int (command, delta);
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

  task = edit_task_new (session, key, KH_VALUE_TYPE_STRING, FALSE, cancellable, callback, user_data,
                        kh_value_string_increment_float_async);
  if (task == NULL)
    return;
  if (!isfinite (delta))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                               _("The increment must be a finite number"));
      g_object_unref (task);
      return;
    }
  text = format_score (delta);
  command = kh_value_key_command ("INCRBYFLOAT", key);
  kh_command_add (command, text);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && field != NULL && expected != NULL && value != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_HASH, TRUE, cancellable, callback, user_data,
                        kh_value_hash_set_field_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->conflict->item = g_bytes_ref (field);
  edit->conflict->user_value = g_bytes_ref (expected);
  edit->conflict->attempted_value = g_bytes_ref (value);
  send_script (task, script_hash_set, field, expected, value, NULL);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && field != NULL && value != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_HASH, TRUE, cancellable, callback, user_data,
                        kh_value_hash_add_field_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->conflict->item = g_bytes_ref (field);
  edit->conflict->attempted_value = g_bytes_ref (value);
  send_script (task, script_hash_add, field, value, NULL);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && field != NULL && expected != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_HASH, TRUE, cancellable, callback, user_data,
                        kh_value_hash_delete_field_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->conflict->item = g_bytes_ref (field);
  edit->conflict->user_value = g_bytes_ref (expected);
  send_script (task, script_hash_delete, field, expected, NULL);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && expected != NULL && value != NULL);
  g_return_if_fail (index >= 0);

  task = edit_task_new (session, key, KH_VALUE_TYPE_LIST, TRUE, cancellable, callback, user_data,
                        kh_value_list_set_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->conflict->index = index;
  edit->conflict->user_value = g_bytes_ref (expected);
  edit->conflict->attempted_value = g_bytes_ref (value);
  index_arg = int_bytes (index);
  send_script (task, script_list_set, index_arg, expected, value, NULL);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && value != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_LIST, TRUE, cancellable, callback, user_data,
                        kh_value_list_push_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->conflict->attempted_value = g_bytes_ref (value);
  command = bytes_from_string (end == KH_VALUE_LIST_HEAD ? "LPUSH" : "RPUSH");
  send_script (task, script_list_push, command, value, NULL);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && value != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_LIST, TRUE, cancellable, callback, user_data,
                        kh_value_list_remove_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->conflict->index = index >= 0 ? index : -1;
  edit->conflict->user_value = g_bytes_ref (value);
  index_arg = index >= 0 ? int_bytes (index) : g_bytes_new (NULL, 0);
  uuid = g_uuid_string_random ();
  tombstone_text = g_strconcat ("keyhole:removing:", uuid, NULL);
  tombstone = bytes_from_string (tombstone_text);
  send_script (task, script_list_remove, index_arg, value, tombstone, NULL);
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
  GTask *task = edit_task_new (session, key, type, TRUE, cancellable, callback, user_data, source_tag);
  EditData *edit;

  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->conflict->item = g_bytes_ref (member);
  if (adding)
    edit->conflict->attempted_value = g_bytes_ref (member);
  else
    edit->conflict->user_value = g_bytes_ref (member);
  send_script (task, script, member, NULL);
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

/* Fails and drops @task when a score is NaN. */
static gboolean
return_if_nan (GTask  *task,
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && member != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_ZSET, TRUE, cancellable, callback, user_data,
                        kh_value_zset_add_async);
  if (task == NULL || return_if_nan (task, score, 0))
    return;
  edit = edit_data (task);
  score_arg = score_bytes (score);
  edit->conflict->item = g_bytes_ref (member);
  edit->conflict->attempted_value = g_bytes_ref (score_arg);
  send_script (task, script_zset_add, member, score_arg, NULL);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && member != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_ZSET, TRUE, cancellable, callback, user_data,
                        kh_value_zset_set_score_async);
  if (task == NULL || return_if_nan (task, score, expected_score))
    return;
  edit = edit_data (task);
  expected_arg = score_bytes (expected_score);
  score_arg = score_bytes (score);
  edit->conflict->item = g_bytes_ref (member);
  edit->conflict->user_value = g_bytes_ref (expected_arg);
  edit->conflict->attempted_value = g_bytes_ref (score_arg);
  send_script (task, script_zset_score, member, expected_arg, score_arg, NULL);
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

static gboolean
return_if_bad_stream_entry (GTask      *task,
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

static void
add_stream_args (KhCommand  *command,
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

  task = edit_task_new (session, key, KH_VALUE_TYPE_STREAM, TRUE, cancellable, callback, user_data,
                        kh_value_stream_add_async);
  if (task == NULL || return_if_bad_stream_entry (task, id, fields))
    return;
  command = kh_command_new_va ("EVAL", script_stream_add, "1", NULL);
  kh_command_add_bytes (command, key);
  kh_command_add (command, "stream");
  add_stream_args (command, id, fields);
  send_script_command (task, command);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL && id != NULL);

  task = edit_task_new (session, key, KH_VALUE_TYPE_STREAM, TRUE, cancellable, callback, user_data,
                        kh_value_stream_delete_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  id_arg = bytes_from_string (id);
  edit->conflict->item = g_bytes_ref (id_arg);
  send_script (task, script_stream_delete, id_arg, NULL);
}

/* New keys */

static void
on_string_exists_type (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, NULL);
  if (reply_is_text (reply))
    edit_data (task)->conflict->server_type = g_intern_string (reply->str);
  return_conflict (task, KH_VALUE_CONFLICT_EXISTS);
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
    return_error (task, error);
  else if (reply->kind == KH_REPLY_NIL)
    {
      /* SET NX refused: say what is there. */
      KhCommand *command = kh_value_key_command ("TYPE", edit_data (task)->key);

      kh_session_send_async (KH_SESSION (object), command, NULL, on_string_exists_type, g_steal_pointer (&task));
    }
  else
    g_task_return_boolean (task, TRUE);
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
  EditData *edit;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (key != NULL);
  g_return_if_fail (content != NULL);

  task = edit_task_new (session, key, type, type != KH_VALUE_TYPE_STRING, cancellable, callback,
                        user_data, kh_value_create_async);
  if (task == NULL)
    return;
  edit = edit_data (task);
  edit->create = TRUE;
  edit->conflict->attempted_value = bytes_ref0 (content->value);

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
      if (type == KH_VALUE_TYPE_ZSET && return_if_nan (task, content->score, 0))
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
          g_autofree char *score = format_score (content->score);

          kh_command_add_bytes (command, content->value);
          kh_command_add (command, score);
        }
      else
        kh_command_add_bytes (command, content->value);
      send_script_command (task, command);
      return;

    case KH_VALUE_TYPE_STREAM:
      if (return_if_bad_stream_entry (task, content->stream_id, content->stream_fields))
        return;
      command = kh_command_new_va ("EVAL", script_create, "1", NULL);
      kh_command_add_bytes (command, key);
      kh_command_add (command, "stream");
      kh_command_add (command, overwrite ? "1" : "0");
      kh_command_add_int (command, MAX (ttl_ms, 0));
      add_stream_args (command, content->stream_id, content->stream_fields);
      send_script_command (task, command);
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
