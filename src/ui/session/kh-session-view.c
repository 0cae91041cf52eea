/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session-view.c: the content of a connection tab
 *
 * Opening a profile goes: start the sandbox when the profile is the sandbox,
 * look up the password in the keyring, open a KhSession, and when the server
 * asks for a password nobody has, ask the user. Each attempt is a new session
 * with its own cancellable, so Retry, Cancel and closing the tab never race an
 * old attempt. Passwords stay in this object's memory and the keyring only.
 *
 * This file holds the state pages, opening the session, the actions and the
 * GObject; the attempts, the sandbox start and the password are in
 * kh-session-view-connecting.c, the pages of a session in
 * kh-session-view-pages.c, the status bar and the reconnect banner in
 * kh-session-view-banner.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kh-settings.h"
#include "kh-error.h"
#include "kh-profile-icon.h"
#include "kh-provider-hints.h"
#include "kh-secrets.h"
#include "kh-session-view-private.h"

G_DEFINE_FINAL_TYPE (KhSessionView, kh_session_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROFILE,
  PROP_SANDBOX,
  PROP_SESSION,
  PROP_LOADING,
  PROP_TITLE,
  PROP_ICON,
  PROP_INDICATOR_ICON,
  N_PROPS
};

enum {
  SIGNAL_SESSION_READY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* State */

void
_kh_session_view_set_loading (KhSessionView *self,
                              gboolean       loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  if (self->spinner != NULL)
    gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
kh_session_view_update_actions (KhSessionView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.cancel", self->loading);
}

void
_kh_session_view_show_error (KhSessionView *self,
                             const GError  *error)
{
  g_autofree char *sentence = NULL;

  if (self->profile != NULL)
    sentence = kh_provider_hints_explain (kh_profile_get_provider (self->profile),
                                          kh_profile_get_socket_path (self->profile) == NULL
                                          ? kh_profile_get_host (self->profile) : NULL,
                                          kh_profile_get_tls (self->profile), error);
  else
    sentence = g_strdup (error->message);

  /* Core messages are clauses; the page shows a sentence. */
  if (*sentence != '\0' && strchr (".!?…", sentence[strlen (sentence) - 1]) == NULL)
    {
      char *full = g_strconcat (sentence, ".", NULL);
      g_free (sentence);
      sentence = full;
    }
  adw_status_page_set_description (self->error_page, sentence);
  gtk_stack_set_visible_child_name (self->stack, "error");
  _kh_session_view_set_loading (self, FALSE);
  kh_session_view_update_actions (self);
}

/* Ends the current attempt and drops the current session. */
void
_kh_session_view_stop (KhSessionView *self)
{
  self->attempt++;
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  if (self->sampler != NULL)
    {
      kh_server_sampler_stop (self->sampler);
      g_clear_object (&self->sampler);
    }
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      kh_session_close (self->session);
      g_clear_object (&self->session);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
}

void
_kh_session_view_set_connecting (KhSessionView *self,
                                 const char    *title,
                                 const char    *description)
{
  adw_status_page_set_title (self->connecting_page, title);
  adw_status_page_set_description (self->connecting_page, description);
  gtk_stack_set_visible_child_name (self->stack, "connecting");
  _kh_session_view_set_loading (self, TRUE);
  kh_session_view_update_actions (self);
}

/* Opening */

static void
kh_session_view_apply_poll_interval (KhSessionView *self)
{
  if (self->sampler == NULL)
    return;
  if (self->settings == NULL)
    {
      self->settings = kh_settings_load ();
      if (self->settings != NULL)
        g_signal_connect_object (self->settings, "changed::poll-interval",
                                 G_CALLBACK (kh_session_view_apply_poll_interval), self, G_CONNECT_SWAPPED);
    }
  if (self->settings != NULL)
    kh_server_sampler_set_interval (self->sampler, g_settings_get_uint (self->settings, "poll-interval") * 1000);
}

static void
on_session_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  KhSessionView *self = attempt->self;
  KhSession *session = KH_SESSION (object);
  g_autoptr(GError) error = NULL;

  if (!kh_session_open_finish (session, result, &error))
    {
      if (!_kh_session_view_attempt_is_current (attempt) || session != self->session)
        return;

      g_clear_object (&self->cancellable);
      if (g_error_matches (error, KH_ERROR, KH_ERROR_AUTH_FAILED) &&
          kh_profile_get_provider (self->profile) != KH_PROVIDER_SANDBOX)
        {
          /* A wrong password typed here is forgotten, so the dialog asks afresh. */
          g_clear_pointer (&self->password, g_free);
          _kh_session_view_ask_password (self, error);
          return;
        }
      _kh_session_view_show_error (self, error);
      return;
    }
  if (!_kh_session_view_attempt_is_current (attempt) || session != self->session)
    return;

  g_clear_object (&self->cancellable);

  if (self->password != NULL && self->remember_password && self->keyring_available)
    {
      g_autofree char *label = g_strdup_printf (_("Keyhole: %s"), kh_profile_get_name (self->profile));

      self->remember_password = FALSE;
      kh_secrets_store_async (kh_profile_get_id (self->profile), label, self->password,
                              NULL, _kh_session_view_on_password_stored, NULL);
    }

  /* Sampling starts with the connection, not when the Server page is first shown. */
  g_clear_object (&self->sampler);
  self->sampler = kh_server_sampler_new (session, kh_profile_get_economy (self->profile));
  kh_session_view_apply_poll_interval (self);

  gtk_revealer_set_reveal_child (self->reconnect_revealer, FALSE);
  _kh_session_view_build_pages (self);
  _kh_session_view_update_status (self);
  /* At once: each frame of a crossfade paints both pages whole, off screen,
   * while the key browser starts its load (cairo: 30-55 ms frames). */
  gtk_stack_set_visible_child_full (self->stack, "ready", GTK_STACK_TRANSITION_TYPE_NONE);
  _kh_session_view_set_loading (self, FALSE);
  kh_session_view_update_actions (self);

  g_signal_emit (self, signals[SIGNAL_SESSION_READY], 0, session);
}

void
_kh_session_view_open_session (KhSessionView *self)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autofree char *description = NULL;
  g_autofree char *title = NULL;
  KhSessionFlags flags = KH_SESSION_FLAGS_NONE;

  _kh_session_view_stop (self);
  self->cancellable = g_cancellable_new ();

  title = g_strdup_printf (_("Connecting to %s…"), kh_profile_get_name (self->profile));
  description = kh_profile_describe_address (self->profile);
  _kh_session_view_set_connecting (self, title, description);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);

  config = kh_profile_to_connection_config (self->profile, self->password);
  if (kh_profile_get_read_only (self->profile))
    flags |= KH_SESSION_READ_ONLY;

  self->session = kh_session_new (config, flags);
  _kh_session_view_connect_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  kh_session_open_async (self->session, self->cancellable, on_session_opened,
                         _kh_session_view_attempt_new (self));
}

/* Actions */

static void
kh_session_view_retry_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  kh_session_view_connect (KH_SESSION_VIEW (widget));
}

static void
kh_session_view_retry_now_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  KhSessionView *self = KH_SESSION_VIEW (widget);

  if (self->session != NULL)
    kh_session_reconnect_now (self->session);
}

/* Stops retrying: the banner then offers Reconnect (see on_session_state) */
static void
kh_session_view_disconnect_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  KhSessionView *self = KH_SESSION_VIEW (widget);

  if (self->session != NULL)
    kh_session_close (self->session);
}

static void
kh_session_view_cancel_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  KhSessionView *self = KH_SESSION_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (!self->loading)
    return;
  _kh_session_view_stop (self);
  error = g_error_new (KH_ERROR, KH_ERROR_FAILED, _("Connecting to %s was cancelled."),
                       kh_profile_get_name (self->profile));
  _kh_session_view_show_error (self, error);
}

/* Profile */

static void
kh_session_view_update_profile (KhSessionView *self)
{
  KhProvider provider = kh_profile_get_provider (self->profile);

  g_clear_object (&self->icon);
  self->icon = g_themed_icon_new (kh_profile_icon_name_for_provider (provider));
  g_clear_object (&self->indicator_icon);
  self->indicator_icon = kh_profile_icon_new_for_color (kh_profile_get_color (self->profile));

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s",
                                    kh_profile_get_id (self->profile));
  gtk_widget_set_visible (self->edit_button, provider != KH_PROVIDER_SANDBOX);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDICATOR_ICON]);
  if (self->session != NULL)
    _kh_session_view_update_status (self);
  /* Economy mode switched on an open tab takes effect at once. */
  if (self->sampler != NULL)
    kh_server_sampler_set_economy (self->sampler, kh_profile_get_economy (self->profile));
}

static void
on_profile_notify (KhProfile     *profile,
                   GParamSpec    *pspec,
                   KhSessionView *self)
{
  kh_session_view_update_profile (self);
}

void
kh_session_view_set_profile (KhSessionView *self,
                             KhProfile     *profile)
{
  g_return_if_fail (KH_IS_SESSION_VIEW (self));
  g_return_if_fail (KH_IS_PROFILE (profile));

  if (self->profile == profile)
    return;

  /* A changed id is another profile: its password is not ours to reuse. */
  if (self->profile != NULL &&
      g_strcmp0 (kh_profile_get_id (self->profile), kh_profile_get_id (profile)) != 0)
    g_clear_pointer (&self->password, g_free);

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_set_object (&self->profile, profile);
  g_signal_connect_object (profile, "notify::name", G_CALLBACK (on_profile_notify), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (profile, "notify::color", G_CALLBACK (on_profile_notify), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (profile, "notify::provider", G_CALLBACK (on_profile_notify), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (profile, "notify::economy", G_CALLBACK (on_profile_notify), self,
                           G_CONNECT_DEFAULT);
  kh_session_view_update_profile (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

/* GObject */

static void
kh_session_view_dispose (GObject *object)
{
  KhSessionView *self = KH_SESSION_VIEW (object);

  kh_session_view_close (self);
  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  /* The stack is both AdwBin's child and a template child: let AdwBin drop it
   * first, or disposing the template unparents it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_SESSION_VIEW);
  g_clear_object (&self->profile);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->icon);
  g_clear_object (&self->indicator_icon);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kh_session_view_parent_class)->dispose (object);
}

static void
kh_session_view_finalize (GObject *object)
{
  KhSessionView *self = KH_SESSION_VIEW (object);

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->lost_reason);

  G_OBJECT_CLASS (kh_session_view_parent_class)->finalize (object);
}

static void
kh_session_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhSessionView *self = KH_SESSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_SANDBOX:
      g_value_set_object (value, self->sandbox);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->profile != NULL ? kh_profile_get_name (self->profile) : NULL);
      break;
    case PROP_ICON:
      g_value_set_object (value, self->icon);
      break;
    case PROP_INDICATOR_ICON:
      g_value_set_object (value, self->indicator_icon);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_session_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhSessionView *self = KH_SESSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      if (g_value_get_object (value) != NULL)
        kh_session_view_set_profile (self, g_value_get_object (value));
      break;
    case PROP_SANDBOX:
      self->sandbox = g_value_dup_object (value);
      if (self->sandbox != NULL)
        g_signal_connect_object (self->sandbox, "notify::running", G_CALLBACK (_kh_session_view_on_sandbox_running),
                                 self, G_CONNECT_DEFAULT);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_session_view_class_init (KhSessionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kh_session_view_dispose;
  object_class->finalize = kh_session_view_finalize;
  object_class->get_property = kh_session_view_get_property;
  object_class->set_property = kh_session_view_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, KH_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SANDBOX] =
    g_param_spec_object ("sandbox", NULL, NULL, KH_TYPE_SANDBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION, ro);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_ICON] =
    g_param_spec_object ("icon", NULL, NULL, G_TYPE_ICON, ro);
  properties[PROP_INDICATOR_ICON] =
    g_param_spec_object ("indicator-icon", NULL, NULL, G_TYPE_ICON, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhSessionView::session-ready:
   * @session: the session, now %KH_SESSION_READY
   *
   * Emitted each time an attempt opens a session: views added with
   * kh_session_view_add_page() switch to it here.
   */
  signals[SIGNAL_SESSION_READY] =
    g_signal_new ("session-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-session-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, stack);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, spinner);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, error_page);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, reconnect_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, reconnect_spinner);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, reconnect_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, retry_now_button);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, server_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, address_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, database_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, state_label);
  gtk_widget_class_bind_template_child (widget_class, KhSessionView, commands_label);

  gtk_widget_class_install_action (widget_class, "session.retry", NULL, kh_session_view_retry_action);
  gtk_widget_class_install_action (widget_class, "session.retry-now", NULL, kh_session_view_retry_now_action);
  gtk_widget_class_install_action (widget_class, "session.disconnect", NULL, kh_session_view_disconnect_action);
  gtk_widget_class_install_action (widget_class, "session.cancel", NULL, kh_session_view_cancel_action);
}

static void
kh_session_view_init (KhSessionView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (_kh_session_view_fill_visible_page),
                           self, G_CONNECT_SWAPPED);
  self->keyring_available = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.retry-now", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.disconnect", FALSE);

  placeholder = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (placeholder), "view-list-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (placeholder), _("Keys will appear here"));
  kh_session_view_add_page (self, placeholder, "keys", _("Keys"), "view-list-symbolic");
  kh_session_view_update_actions (self);
}

KhSessionView *
kh_session_view_new (KhProfile *profile,
                     KhSandbox *sandbox)
{
  g_return_val_if_fail (KH_IS_PROFILE (profile), NULL);
  g_return_val_if_fail (sandbox == NULL || KH_IS_SANDBOX (sandbox), NULL);

  return g_object_new (KH_TYPE_SESSION_VIEW,
                       "sandbox", sandbox,
                       "profile", profile,
                       NULL);
}

KhProfile *
kh_session_view_get_profile (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->profile;
}

KhSession *
kh_session_view_get_session (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->session;
}

KhServerSampler *
kh_session_view_get_sampler (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->sampler;
}

gboolean
kh_session_view_get_loading (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), FALSE);
  return self->loading;
}

const char *
kh_session_view_get_page_name (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GIcon *
kh_session_view_get_icon (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->icon;
}

GIcon *
kh_session_view_get_indicator_icon (KhSessionView *self)
{
  g_return_val_if_fail (KH_IS_SESSION_VIEW (self), NULL);
  return self->indicator_icon;
}
