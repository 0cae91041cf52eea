/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-slowlog.c: a server's slow log and its doctors, read through a session
 *
 * The commands the Slow log page needs, so the page only draws what they return: each is
 * one round trip on the session's connection, completed through a GTask whose source is
 * the session. Nothing is cached or polled here; the caller decides when to ask. Reset
 * erases history other people rely on, so a read-only session refuses it before anything
 * is sent, with a sentence the user can read.
 */
#include "config.h"

#include "kh-slowlog.h"

#include <glib/gi18n-lib.h>

#include "kh-command.h"
#include "kh-error.h"

static void
on_get_reply (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;
  GPtrArray *entries;

  g_assert (KH_IS_SESSION (object));

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  entries = kh_slowlog_entry_parse_reply (reply, &error);
  if (entries == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

void
kh_slowlog_get_async (KhSession           *session,
                      guint                max_entries,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_slowlog_get_async);
  command = kh_command_new_va ("SLOWLOG", "GET", NULL);
  kh_command_add_printf (command, "%u", max_entries);
  kh_session_send_async (session, command, cancellable, on_get_reply, g_steal_pointer (&task));
}

GPtrArray *
kh_slowlog_get_finish (KhSession     *session,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_slowlog_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_reset_reply (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;

  g_assert (KH_IS_SESSION (object));

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
kh_slowlog_reset_async (KhSession           *session,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KH_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_slowlog_reset_async);
  if (kh_session_is_read_only (session))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_READ_ONLY,
                               _("This profile is read-only: the slow log was not reset"));
      return;
    }
  kh_session_send_async (session, kh_command_new_va ("SLOWLOG", "RESET", NULL), cancellable,
                         on_reset_reply, g_steal_pointer (&task));
}

gboolean
kh_slowlog_reset_finish (KhSession     *session,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_slowlog_reset_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
kh_slowlog_doctor_get_command (KhSlowlogDoctor doctor)
{
  switch (doctor)
    {
    case KH_SLOWLOG_DOCTOR_MEMORY:
      return "MEMORY DOCTOR";
    case KH_SLOWLOG_DOCTOR_LATENCY:
      return "LATENCY DOCTOR";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
on_doctor_reply (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;
  g_autofree char *text = NULL;
  char *valid;

  g_assert (KH_IS_SESSION (object));

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Reports quote key names and client addresses, which may be any bytes. */
  text = kh_reply_dup_text (reply);
  valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_task_return_pointer (task, g_strstrip (valid), g_free);
}

void
kh_slowlog_doctor_async (KhSession           *session,
                         KhSlowlogDoctor      doctor,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));
  g_return_if_fail (doctor == KH_SLOWLOG_DOCTOR_MEMORY || doctor == KH_SLOWLOG_DOCTOR_LATENCY);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_slowlog_doctor_async);
  if (doctor == KH_SLOWLOG_DOCTOR_MEMORY)
    command = kh_command_new_va ("MEMORY", "DOCTOR", NULL);
  else
    command = kh_command_new_va ("LATENCY", "DOCTOR", NULL);
  kh_session_send_async (session, command, cancellable, on_doctor_reply, g_steal_pointer (&task));
}

char *
kh_slowlog_doctor_finish (KhSession     *session,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_slowlog_doctor_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
