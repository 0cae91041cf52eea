/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-dialog-test.c: the Test button of the connection dialog
 *
 * Test opens a throwaway session with the form's settings, never blocking,
 * and sends one PING. It is cancelled when the dialog closes, and its result
 * goes as soon as a setting it used changes: a green result must never stand
 * for settings it did not test.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-profile-dialog-private.h"
#include "kh-provider-hints.h"

void
_kh_profile_dialog_stop_test (KhProfileDialog *self)
{
  if (self->test_cancellable != NULL)
    {
      g_cancellable_cancel (self->test_cancellable);
      g_clear_object (&self->test_cancellable);
    }
  if (self->test_session != NULL)
    {
      kh_session_close (self->test_session);
      g_clear_object (&self->test_session);
    }
  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.test", TRUE);
}

void
_kh_profile_dialog_clear_test (KhProfileDialog *self)
{
  if (!self->test_shown)
    return;
  /* A failed test's sentence is the dialog's error too: it goes with it. */
  if (self->error != NULL && g_strcmp0 (self->error, adw_action_row_get_subtitle (self->test_row)) == 0)
    g_clear_pointer (&self->error, g_free);
  _kh_profile_dialog_stop_test (self);
  g_clear_pointer (&self->test_result, g_free);
  self->test_shown = FALSE;
  adw_action_row_set_subtitle (self->test_row, _("Connect once with these settings"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");
}

static void
kh_profile_dialog_test_failed (KhProfileDialog *self,
                               const GError    *error)
{
  g_autofree char *sentence = kh_provider_hints_explain (kh_profile_get_provider (self->profile),
                                                         kh_profile_get_socket_path (self->profile) == NULL
                                                         ? kh_profile_get_host (self->profile) : NULL,
                                                         kh_profile_get_tls (self->profile), error);

  _kh_profile_dialog_stop_test (self);
  adw_action_row_set_subtitle (self->test_row, sentence);
  gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "error");
  g_free (self->error);
  self->error = g_steal_pointer (&sentence);
}

static void
on_test_ping (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KhProfileDialog) self = user_data;
  KhSession *session = KH_SESSION (object);
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  gint64 elapsed = g_get_monotonic_time () - self->test_ping_start;
  const char *kind;
  const char *version;
  g_autofree char *latency = NULL;

  reply = kh_session_send_finish (session, result, &error);
  if (session != self->test_session)
    return;
  if (reply == NULL)
    {
      kh_profile_dialog_test_failed (self, error);
      return;
    }

  switch (kh_session_get_server_kind (session))
    {
    case KH_SERVER_VALKEY:
      kind = "Valkey";
      break;
    case KH_SERVER_REDIS:
      kind = "Redis";
      break;
    case KH_SERVER_UNKNOWN:
    default:
      kind = _("Unknown server");
      break;
    }
  version = kh_session_get_server_version (session);
  if (elapsed < 10000)
    latency = g_strdup_printf (_("%.1f ms"), elapsed / 1000.0);
  else
    latency = g_strdup_printf (_("%.0f ms"), elapsed / 1000.0);

  g_free (self->test_result);
  /* Translators: "Valkey 8.0.1 · 0.4 ms": the server, then the round trip of a PING */
  self->test_result = version != NULL ? g_strdup_printf (_("%s %s · %s"), kind, version, latency)
                                      : g_strdup_printf (_("%s · %s"), kind, latency);
  _kh_profile_dialog_stop_test (self);
  adw_action_row_set_subtitle (self->test_row, self->test_result);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "success");
}

static void
on_test_opened (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhProfileDialog) self = user_data;
  KhSession *session = KH_SESSION (object);
  g_autoptr(GError) error = NULL;

  if (!kh_session_open_finish (session, result, &error))
    {
      if (session == self->test_session && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kh_profile_dialog_test_failed (self, error);
      return;
    }
  if (session != self->test_session)
    return;

  self->test_ping_start = g_get_monotonic_time ();
  kh_session_send_async (session, kh_command_new_va ("PING", NULL), self->test_cancellable,
                         on_test_ping, g_object_ref (self));
}

void
_kh_profile_dialog_test_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  KhProfileDialog *self = KH_PROFILE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhConnectionConfig) config = NULL;
  const char *password;

  _kh_profile_dialog_stop_test (self);
  g_clear_pointer (&self->test_result, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "success");

  if (!_kh_profile_dialog_apply_form (self))
    return;
  if (!kh_profile_validate (self->profile, &error))
    {
      _kh_profile_dialog_show_error (self, error->message, _kh_profile_dialog_row_for_invalid_profile (self));
      return;
    }
  _kh_profile_dialog_show_error (self, NULL, NULL);

  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  config = kh_profile_to_connection_config (self->profile, password);
  /* A short timeout: the user is waiting for this answer. */
  config->connect_timeout_ms = 8000;
  self->test_session = kh_session_new (config, kh_profile_get_read_only (self->profile)
                                               ? KH_SESSION_READ_ONLY : KH_SESSION_FLAGS_NONE);
  self->test_cancellable = g_cancellable_new ();

  self->test_shown = TRUE;
  adw_action_row_set_subtitle (self->test_row, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_start (self->test_spinner);
  gtk_widget_action_set_enabled (widget, "profile.test", FALSE);

  kh_session_open_async (self->test_session, self->test_cancellable, on_test_opened,
                         g_object_ref (self));
}

