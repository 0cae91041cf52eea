/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-clients.c: the clients connected to a server, listed, recognised and disconnected
 *
 * The commands the Clients page needs, so the page only draws what they return: each is
 * one round trip on the session's connection, completed through a GTask whose source is
 * the session, in the order they were sent (the session pipelines them), so an own id
 * asked just before a list is known when the list arrives. A kill uses the filter form
 * (CLIENT KILL ID n), whose SKIPME default spares the caller's own connection, and a
 * read-only session refuses it before anything is sent.
 */
#include "config.h"

#include "kh-clients.h"

#include <glib/gi18n-lib.h>

#include "kh-client-list.h"
#include "kh-command.h"
#include "kh-error.h"

static void
on_list_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;
  g_autofree char *text = NULL;

  g_assert (KH_IS_SESSION (object));

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  text = kh_reply_dup_text (reply);
  g_task_return_pointer (task, kh_client_list_parse (text, text != NULL ? (gssize) reply->len : 0),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
kh_clients_list_async (KhSession           *session,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KH_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_clients_list_async);
  kh_session_send_async (session, kh_command_new_va ("CLIENT", "LIST", NULL), cancellable,
                         on_list_reply, g_steal_pointer (&task));
}

GPtrArray *
kh_clients_list_finish (KhSession     *session,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_clients_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_id_reply (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;
  gint64 id;

  g_assert (KH_IS_SESSION (object));

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!kh_reply_get_int64 (reply, &id) || id <= 0)
    g_task_return_new_error (task, KH_ERROR, KH_ERROR_PROTOCOL,
                             _("The server did not answer CLIENT ID with a client id"));
  else
    g_task_return_pointer (task, g_memdup2 (&id, sizeof id), g_free);
}

void
kh_clients_get_own_id_async (KhSession           *session,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KH_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_clients_get_own_id_async);
  kh_session_send_async (session, kh_command_new_va ("CLIENT", "ID", NULL), cancellable,
                         on_id_reply, g_steal_pointer (&task));
}

guint64
kh_clients_get_own_id_finish (KhSession     *session,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autofree gint64 *id = NULL;

  g_return_val_if_fail (g_task_is_valid (result, session), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_clients_get_own_id_async, 0);

  id = g_task_propagate_pointer (G_TASK (result), error);
  return id != NULL ? (guint64) *id : 0;
}

static void
on_kill_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;
  gint64 killed;

  g_assert (KH_IS_SESSION (object));

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The filter form answers how many it closed. */
  if (!kh_reply_get_int64 (reply, &killed) || killed < 0)
    killed = 1;
  g_task_set_task_data (task, GUINT_TO_POINTER ((guint) killed), NULL);
  g_task_return_boolean (task, TRUE);
}

void
kh_clients_kill_async (KhSession           *session,
                       guint64              id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (session));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_clients_kill_async);
  if (kh_session_is_read_only (session))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_READ_ONLY,
                               _("This profile is read-only: no client was disconnected"));
      return;
    }
  command = kh_command_new_va ("CLIENT", "KILL", "ID", NULL);
  kh_command_add_printf (command, "%" G_GUINT64_FORMAT, id);
  kh_session_send_async (session, command, cancellable, on_kill_reply, g_steal_pointer (&task));
}

gboolean
kh_clients_kill_finish (KhSession     *session,
                        GAsyncResult  *result,
                        guint         *n_killed,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kh_clients_kill_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_killed != NULL)
    *n_killed = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  return TRUE;
}
