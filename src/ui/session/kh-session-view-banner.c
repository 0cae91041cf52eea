/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session-view-banner.c: the status bar and the reconnect banner
 *
 * The status bar under a connected session says which server, where, which
 * database, the connection's state and how many commands were sent; it
 * follows the session's notifications. When the connection is lost the
 * banner says why and counts the session's attempts to reconnect, with
 * Retry Now and Disconnect; once the session gave up (or the sandbox server
 * stopped) it offers Reconnect, which starts a new attempt.
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "kh-session-view-private.h"

static void
kh_session_view_update_commands (KhSessionView *self)
{
  /* PRIu64, not G_GUINT64_FORMAT: xgettext and gettext know the <inttypes.h> macros. */
  guint64 sent = self->session != NULL ? kh_session_get_commands_sent (self->session) : 0;
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " command sent",
                                       "%" PRIu64 " commands sent",
                                       sent > 1000000 ? 1000000 + sent % 1000000 : sent),
                          (uint64_t) sent);
  gtk_label_set_label (self->commands_label, text);
}

void
_kh_session_view_update_status (KhSessionView *self)
{
  KhSession *session = self->session;
  const char *kind = NULL;
  const char *version;
  g_autofree char *server = NULL;
  g_autofree char *address = NULL;
  g_autofree char *database = NULL;
  const char *state = "";

  if (session == NULL)
    return;

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
  server = version != NULL ? g_strdup_printf ("%s %s", kind, version) : g_strdup (kind);
  gtk_label_set_label (self->server_label, server);

  /* The sandbox's socket path is long and says nothing; its server program does. */
  if (self->sandbox != NULL && kh_sandbox_get_server_path (self->sandbox) != NULL)
    {
      g_autofree char *program = g_path_get_basename (kh_sandbox_get_server_path (self->sandbox));
      address = g_strdup_printf (_("Private server (%s)"), program);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->address_label),
                                   kh_profile_get_socket_path (self->profile));
    }
  else
    address = kh_profile_describe_address (self->profile);
  gtk_label_set_label (self->address_label, address);

  database = g_strdup_printf (_("Database %u"), kh_session_get_database (session));
  gtk_label_set_label (self->database_label, database);

  gtk_widget_set_visible (self->read_only_label, kh_session_is_read_only (session));

  switch (kh_session_get_state (session))
    {
    case KH_SESSION_READY:
      state = _("Connected");
      break;
    case KH_SESSION_RECONNECTING:
      state = _("Reconnecting…");
      break;
    case KH_SESSION_CLOSED:
      state = _("Disconnected");
      break;
    case KH_SESSION_NEW:
    case KH_SESSION_CONNECTING:
    default:
      state = _("Connecting…");
      break;
    }
  gtk_label_set_label (self->state_label, state);
  kh_session_view_update_commands (self);
}

static void
kh_session_view_show_banner (KhSessionView *self,
                             const char    *text,
                             gboolean       working,
                             gboolean       offer_reconnect)
{
  gtk_label_set_label (self->reconnect_label, text);
  gtk_spinner_set_spinning (self->reconnect_spinner, working);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_spinner), working);
  gtk_widget_set_visible (self->reconnect_button, offer_reconnect);
  /* While it retries on its own: now instead of after the wait, or not at all */
  gtk_widget_set_visible (self->retry_now_button, working);
  gtk_widget_set_visible (self->disconnect_button, working);
  gtk_revealer_set_reveal_child (self->reconnect_revealer, TRUE);
}

static void
on_session_commands_sent (KhSession     *session,
                          GParamSpec    *pspec,
                          KhSessionView *self)
{
  kh_session_view_update_commands (self);
}

static void
on_session_state (KhSession     *session,
                  GParamSpec    *pspec,
                  KhSessionView *self)
{
  _kh_session_view_update_status (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.retry-now",
                                 kh_session_get_state (session) == KH_SESSION_RECONNECTING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.disconnect",
                                 kh_session_get_state (session) == KH_SESSION_RECONNECTING);

  /* Closed for good after being ready (not during the first open): offer to reconnect. */
  if (kh_session_get_state (session) == KH_SESSION_CLOSED &&
      g_str_equal (gtk_stack_get_visible_child_name (self->stack), "ready"))
    {
      kh_session_view_show_banner (self, _("Disconnected from the server."), FALSE, TRUE);
    }
}

static void
on_session_database (KhSession     *session,
                     GParamSpec    *pspec,
                     KhSessionView *self)
{
  _kh_session_view_update_status (self);
}

static void
on_session_disconnected (KhSession     *session,
                         const GError  *error,
                         KhSessionView *self)
{
  g_autofree char *text = NULL;

  g_free (self->lost_reason);
  /* Error sentences never hold a password (see DESIGN.md) */
  self->lost_reason = g_strdup (error != NULL ? error->message : _("no reason given"));
  text = g_strdup_printf (_("Connection lost: %s. Reconnecting…"), self->lost_reason);
  kh_session_view_show_banner (self, text, TRUE, FALSE);
}

static void
on_session_reconnecting (KhSession     *session,
                         guint          attempt,
                         guint          delay_ms,
                         KhSessionView *self)
{
  g_autofree char *text = NULL;

  if (self->lost_reason != NULL)
    /* Translators: the first %s is why the connection was lost */
    text = g_strdup_printf (_("Connection lost: %s. Reconnecting… (attempt %u, next in %u s)"),
                            self->lost_reason, attempt, (delay_ms + 999) / 1000);
  else
    text = g_strdup_printf (_("Reconnecting… (attempt %u)"), attempt);

  kh_session_view_show_banner (self, text, TRUE, FALSE);
}

static void
on_session_reconnected (KhSession     *session,
                        KhSessionView *self)
{
  gtk_spinner_set_spinning (self->reconnect_spinner, FALSE);
  gtk_revealer_set_reveal_child (self->reconnect_revealer, FALSE);
  g_clear_pointer (&self->lost_reason, g_free);
  _kh_session_view_update_status (self);
}

/* Reconnecting to a dead sandbox is hopeless: say so, and let Reconnect start a new one. */
void
_kh_session_view_on_sandbox_running (KhSandbox     *sandbox,
                                     GParamSpec    *pspec,
                                     KhSessionView *self)
{
  if (kh_sandbox_is_running (sandbox) || self->session == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "ready") != 0)
    return;

  _kh_session_view_stop (self);
  gtk_label_set_label (self->state_label, _("Disconnected"));
  kh_session_view_show_banner (self, _("The sandbox server stopped. Reconnect starts a new one "
                                       "with fresh demo data."), FALSE, TRUE);
}

/* The session's news for the status bar and the banner */
void
_kh_session_view_connect_status (KhSessionView *self)
{
  g_signal_connect_object (self->session, "notify::commands-sent",
                           G_CALLBACK (on_session_commands_sent), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "notify::state",
                           G_CALLBACK (on_session_state), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "notify::database",
                           G_CALLBACK (on_session_database), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "disconnected",
                           G_CALLBACK (on_session_disconnected), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "reconnecting",
                           G_CALLBACK (on_session_reconnecting), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->session, "reconnected",
                           G_CALLBACK (on_session_reconnected), self, G_CONNECT_DEFAULT);
  /* Learned again after a reconnect */
  g_signal_connect_object (self->session, "notify::server-version",
                           G_CALLBACK (_kh_session_view_update_status), self, G_CONNECT_SWAPPED);
}
