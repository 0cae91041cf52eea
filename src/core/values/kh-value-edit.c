/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-edit.c: compare-and-set edits in Lua: the edit task, and the
 * conflicts and results it reports (each type's edits and their scripts are
 * in kh-value-edit-types.c)
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
#include "kh-value-edit-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"

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

static void
edit_data_free (gpointer data)
{
  KhValueEditData *edit = data;

  g_clear_pointer (&edit->key, g_bytes_unref);
  g_clear_pointer (&edit->conflict, kh_value_conflict_free);
  g_clear_pointer (&edit->out_value, g_bytes_unref);
  g_free (edit);
}

GBytes *
kh_value_edit_bytes_ref0 (GBytes *bytes)
{
  return bytes != NULL ? g_bytes_ref (bytes) : NULL;
}

GBytes *
kh_value_edit_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* A task for an edit of @key, refused at once (returning NULL) on read-only
 * sessions or without EVAL when @needs_eval. */
GTask *
kh_value_edit_task_new (KhSession           *session,
                        GBytes              *key,
                        KhValueType          type,
                        gboolean             needs_eval,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data,
                        gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  KhValueEditData *edit = g_new0 (KhValueEditData, 1);

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

KhValueEditData *
kh_value_edit_data (GTask *task)
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

void
kh_value_edit_return_conflict (GTask               *task,
                               KhValueConflictKind  kind)
{
  KhValueEditData *edit = kh_value_edit_data (task);
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

void
kh_value_edit_return_error (GTask  *task,
                            GError *cause)
{
  KhValueEditData *edit = kh_value_edit_data (task);
  g_autofree char *name = kh_value_display_key (edit->key);
  g_autofree char *prefix = NULL;

  if (edit->create)
    prefix = g_strdup_printf (_("Could not create “%s”"), name);
  else
    prefix = g_strdup_printf (_("Could not change “%s”"), name);
  g_task_return_error (task, kh_value_wrap_error (cause, prefix));
}

void
kh_value_edit_return_not_found (GTask *task)
{
  KhValueEditData *edit = kh_value_edit_data (task);
  g_autofree char *name = kh_value_display_key (edit->key);

  kh_session_key_changed (g_task_get_source_object (task), edit->key, KH_KEY_CHANGED_GONE);
  g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_FOUND,
                           _("“%s” no longer exists (it was deleted or expired), so your edit was not "
                             "saved"), name);
}

/* The edit is done on the server: every view of the key hears of it */
void
kh_value_edit_return_done (GTask *task)
{
  KhValueEditData *edit = kh_value_edit_data (task);

  kh_session_key_changed (g_task_get_source_object (task), edit->key,
                          edit->create ? KH_KEY_CHANGED_NEW | KH_KEY_CHANGED_VALUE : KH_KEY_CHANGED_VALUE);
  g_task_return_boolean (task, TRUE);
}

gboolean
kh_value_edit_reply_is_text (const KhReply *reply)
{
  return reply != NULL && (reply->kind == KH_REPLY_STRING || reply->kind == KH_REPLY_STATUS);
}

/* A script's or command's result element as bytes: strings as they are,
 * integers as decimal text. */
GBytes *
kh_value_edit_reply_to_bytes (const KhReply *reply)
{
  if (kh_value_edit_reply_is_text (reply))
    return kh_reply_dup_bytes (reply);
  if (reply != NULL && reply->kind == KH_REPLY_INTEGER)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, reply->integer);

      return kh_value_edit_bytes (text);
    }
  return NULL;
}

static void
on_script_reply (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhValueEditData *edit = kh_value_edit_data (task);
  KhValueConflict *conflict = edit->conflict;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;
  const KhReply *kind;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      kh_value_edit_return_error (task, error);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len < 1 || reply->element[0]->kind != KH_REPLY_INTEGER)
    {
      kh_value_edit_return_error (task, kh_value_unexpected_reply ("EVAL"));
      return;
    }

  switch (reply->element[0]->integer)
    {
    case 1:
      if (reply->len > 1)
        edit->out_value = kh_value_edit_reply_to_bytes (reply->element[1]);
      kh_value_edit_return_done (task);
      return;

    case -1:
      kh_value_edit_return_not_found (task);
      return;

    case -2:
      conflict->server_type = reply->len > 1 && kh_value_edit_reply_is_text (reply->element[1])
                              ? g_intern_string (reply->element[1]->str) : NULL;
      kh_value_edit_return_conflict (task, KH_VALUE_CONFLICT_WRONG_TYPE);
      return;

    case 0:
      kind = reply->len > 1 ? reply->element[1] : NULL;
      if (!kh_value_edit_reply_is_text (kind))
        break;
      if (reply->len > 2 && kh_value_edit_reply_is_text (reply->element[2]))
        {
          conflict->server_value = kh_reply_dup_bytes (reply->element[2]);
          conflict->server_length = reply->element[2]->len;
        }
      if (reply->len > 3 && reply->element[3]->kind == KH_REPLY_INTEGER && reply->element[3]->integer >= 0)
        conflict->server_length = reply->element[3]->integer;
      conflict->server_value_truncated =
        conflict->server_value != NULL && conflict->server_length > (gint64) g_bytes_get_size (conflict->server_value);
      if (reply->len > 4 && kh_value_edit_reply_is_text (reply->element[4]))
        conflict->server_type = g_intern_string (reply->element[4]->str);
      else
        conflict->server_type = kh_value_type_to_name (edit->type);

      if (strcmp (kind->str, "changed") == 0)
        kh_value_edit_return_conflict (task, KH_VALUE_CONFLICT_CHANGED);
      else if (strcmp (kind->str, "gone") == 0)
        kh_value_edit_return_conflict (task, KH_VALUE_CONFLICT_GONE);
      else if (strcmp (kind->str, "exists") == 0)
        kh_value_edit_return_conflict (task, KH_VALUE_CONFLICT_EXISTS);
      else
        break;
      return;

    default:
      break;
    }
  kh_value_edit_return_error (task, kh_value_unexpected_reply ("EVAL"));
}

/* EVAL @script 1 <key> <type> @args... (transfer none; NULL-terminated,
 * GBytes). The type the key must have goes first. */
void
kh_value_edit_send_script (GTask      *task,
                           const char *script,
                           GBytes     *first_arg,
                           ...)
{
  KhValueEditData *edit = kh_value_edit_data (task);
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
void
kh_value_edit_send_command (GTask     *task,
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
  KhValueEditData *edit;

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
    *out_value = kh_value_edit_bytes_ref0 (edit->out_value);
  return TRUE;
}
