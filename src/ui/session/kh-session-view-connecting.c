/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session-view-connecting.c: the attempts to connect, and the password
 *
 * kh_session_view_connect() starts an attempt: the sandbox is started first
 * when the profile is the sandbox (one start shared by every tab waiting
 * for it), then the password is looked up in the keyring, then the session
 * is opened (kh-session-view.c). A server that wants a password nobody has
 * makes the password dialog ask for it. Each callback carries its Attempt
 * and does nothing once another attempt started or the tab closed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-secrets.h"
#include "kh-session-view-private.h"

Attempt *
_kh_session_view_attempt_new (KhSessionView *self)
{
  Attempt *attempt = g_new0 (Attempt, 1);

  attempt->self = g_object_ref (self);
  attempt->attempt = self->attempt;
  return attempt;
}

void
_kh_session_view_attempt_free (Attempt *attempt)
{
  g_object_unref (attempt->self);
  g_free (attempt);
}

gboolean
_kh_session_view_attempt_is_current (Attempt *attempt)
{
  return attempt->attempt == attempt->self->attempt && attempt->self->cancellable != NULL;
}

/* Password */

void
_kh_session_view_on_password_stored (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The connection works either way; only say where the password went. */
  if (!kh_secrets_store_finish (result, &error))
    g_message ("The password was not kept in the keyring: %s", error->message);
}

static void
on_password_response (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  KhSessionView *self = user_data;
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkWidget *remember = g_object_get_data (G_OBJECT (dialog), "remember");
  GError *reason = g_object_get_data (G_OBJECT (dialog), "reason");

  /* GTK 4.8's GtkPasswordEntry crashes when its window is destroyed while it
   * has the focus (as after Enter): take the focus away before the dialog closes. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  /* The tab was closed, or another attempt started while the dialog was open. */
  if (self->profile == NULL ||
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "attempt")) != self->attempt)
    return;

  if (g_strcmp0 (response, "connect") != 0)
    {
      _kh_session_view_show_error (self, reason);
      return;
    }

  g_free (self->password);
  self->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  self->remember_password = gtk_widget_get_visible (remember) &&
                            gtk_check_button_get_active (GTK_CHECK_BUTTON (remember));
  _kh_session_view_open_session (self);
}

void
_kh_session_view_ask_password (KhSessionView *self,
                               const GError  *reason)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *remember;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  heading = g_strdup_printf (_("Password for “%s”"), kh_profile_get_name (self->profile));
  if (self->keyring_available)
    body = g_strdup_printf (_("%s. Enter the password to connect."), reason->message);
  else
    body = g_strdup_printf (_("%s. Enter the password to connect. No keyring is available, so "
                              "Keyhole cannot remember it and will ask again next time."),
                            reason->message);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Password"), -1);
  g_object_set (entry, "activates-default", TRUE, NULL);
  remember = gtk_check_button_new_with_mnemonic (_("_Remember in the keyring"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (remember), TRUE);
  gtk_widget_set_visible (remember, self->keyring_available);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), remember);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "connect");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "remember", remember);
  g_object_set_data_full (G_OBJECT (dialog), "reason", g_error_copy (reason),
                          (GDestroyNotify) g_error_free);
  g_object_set_data (G_OBJECT (dialog), "attempt", GUINT_TO_POINTER (self->attempt));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_password_response), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, G_CONNECT_DEFAULT);

  if (self->password_dialog != NULL)
    {
      gtk_window_set_focus (self->password_dialog, NULL);
      gtk_window_destroy (self->password_dialog);
    }
  self->password_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->password_dialog);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
on_password_looked_up (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  KhSessionView *self = attempt->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  password = kh_secrets_lookup_finish (result, &error);
  if (!_kh_session_view_attempt_is_current (attempt))
    return;

  if (error != NULL)
    {
      /* No keyring, or a locked one: connect without and ask if the server wants one. */
      g_debug ("No password from the keyring: %s", error->message);
      self->keyring_available = FALSE;
    }
  else
    {
      self->keyring_available = TRUE;
      g_free (self->password);
      self->password = g_steal_pointer (&password);
    }
  _kh_session_view_open_session (self);
}

/* Several tabs (and windows) may open the sandbox at once: the first starts
 * it, the others wait for that start. The waiting tasks hang off the sandbox. */
#define SANDBOX_WAITERS_KEY "kh-session-view-start-waiters"

static void
on_sandbox_started (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KhSandbox *sandbox = KH_SANDBOX (object);
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;

  waiters = g_object_steal_data (G_OBJECT (sandbox), SANDBOX_WAITERS_KEY);
  kh_sandbox_start_finish (sandbox, result, &error);
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
sandbox_start_shared_async (KhSandbox           *sandbox,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (sandbox, cancellable, callback, user_data);
  GPtrArray *waiters;

  g_task_set_source_tag (task, sandbox_start_shared_async);
  g_task_set_check_cancellable (task, TRUE);

  if (kh_sandbox_is_running (sandbox))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  waiters = g_object_get_data (G_OBJECT (sandbox), SANDBOX_WAITERS_KEY);
  if (waiters != NULL)
    {
      g_ptr_array_add (waiters, g_steal_pointer (&task));
      return;
    }

  waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (waiters, g_steal_pointer (&task));
  g_object_set_data_full (G_OBJECT (sandbox), SANDBOX_WAITERS_KEY, waiters,
                          (GDestroyNotify) g_ptr_array_unref);
  /* Not the caller's cancellable: other tabs may be waiting for this start. */
  kh_sandbox_start_async (sandbox, NULL, on_sandbox_started, NULL);
}

static void
on_sandbox_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  KhSessionView *self = attempt->self;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!_kh_session_view_attempt_is_current (attempt))
        return;
      g_clear_pointer (&self->progress_binding, g_binding_unbind);
      g_clear_object (&self->cancellable);
      _kh_session_view_show_error (self, error);
      return;
    }
  if (!_kh_session_view_attempt_is_current (attempt))
    return;

  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  kh_profile_set_socket_path (self->profile, kh_sandbox_get_socket_path (self->sandbox));
  _kh_session_view_open_session (self);
}

/**
 * kh_session_view_connect:
 * @self: a #KhSessionView
 *
 * Starts a new attempt to open the profile, cancelling a running one.
 */
void
kh_session_view_connect (KhSessionView *self)
{
  g_return_if_fail (KH_IS_SESSION_VIEW (self));
  g_return_if_fail (self->profile != NULL);

  _kh_session_view_stop (self);
  self->cancellable = g_cancellable_new ();

  if (self->sandbox != NULL && !kh_sandbox_is_running (self->sandbox))
    {
      _kh_session_view_set_connecting (self, _("Starting the Sandbox…"),
                                       _("A private server on this computer, filled with demo "
                                        "data: rate limits, cached API responses, sessions, "
                                        "users, leaderboards, job queues and event streams."));
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      self->progress_binding = g_object_bind_property (self->sandbox, "progress",
                                                       self->progress_bar, "fraction",
                                                       G_BINDING_SYNC_CREATE);
      sandbox_start_shared_async (self->sandbox, self->cancellable, on_sandbox_ready,
                                  _kh_session_view_attempt_new (self));
      return;
    }
  if (self->sandbox != NULL)
    kh_profile_set_socket_path (self->profile, kh_sandbox_get_socket_path (self->sandbox));

  if (kh_profile_get_provider (self->profile) == KH_PROVIDER_SANDBOX || self->password != NULL)
    {
      _kh_session_view_open_session (self);
      return;
    }

  {
    g_autofree char *title = g_strdup_printf (_("Connecting to %s…"), kh_profile_get_name (self->profile));
    g_autofree char *description = kh_profile_describe_address (self->profile);

    _kh_session_view_set_connecting (self, title, description);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  kh_secrets_lookup_async (kh_profile_get_id (self->profile), self->cancellable,
                           on_password_looked_up, _kh_session_view_attempt_new (self));
}

void
kh_session_view_close (KhSessionView *self)
{
  g_return_if_fail (KH_IS_SESSION_VIEW (self));

  _kh_session_view_stop (self);
  _kh_session_view_set_loading (self, FALSE);

  if (self->password_dialog != NULL)
    {
      GtkWindow *dialog = self->password_dialog;

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->password_dialog);
      self->password_dialog = NULL;
      /* See on_password_response(): no focused password entry at destruction. */
      gtk_window_set_focus (dialog, NULL);
      gtk_window_destroy (dialog);
    }
}
