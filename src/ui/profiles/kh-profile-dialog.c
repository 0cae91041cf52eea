/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-dialog.c: adding and editing a connection profile
 *
 * The form edits a private copy of the profile; Save validates it, puts a copy
 * in the store, saves the store and then the password, in the keyring only;
 * Connect does the same, then asks for the connection to be opened. Test is
 * in kh-profile-dialog-test.c. A new profile starts with the preferences'
 * delimiter and economy mode; an edited one keeps its own.
 *
 * Picking a provider applies its preset (kh-profile-preset.c) and undoes the
 * one picked before, so the form comes back as the user had it. Until the
 * user names the connection, its name follows the provider and the address
 * (kh_profile_suggest_name()).
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kh-settings.h"
#include "kh-error.h"
#include "kh-profile-dialog-private.h"
#include "kh-secrets.h"
#include "kh-profile-icon.h"

G_DEFINE_FINAL_TYPE (KhProfileDialog, kh_profile_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  SIGNAL_CONNECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The combo row's order. */
static const KhProvider provider_order[] = {
  KH_PROVIDER_RENDER, KH_PROVIDER_UPSTASH, KH_PROVIDER_LOCAL, KH_PROVIDER_CUSTOM,
};

static KhProfile *
copy_profile (KhProfile *profile)
{
  g_autoptr(JsonNode) node = kh_profile_to_json (profile);
  g_autoptr(GError) error = NULL;
  KhProfile *copy = kh_profile_new_from_json (node, &error);

  /* What to_json writes, new_from_json reads: a failure is a bug. */
  g_assert_no_error (error);
  return copy;
}

static const char *
provider_help (KhProvider provider)
{
  switch (provider)
    {
    case KH_PROVIDER_RENDER:
      return _("Use the External URL from the Render dashboard (rediss://…-keyvalue.render.com); "
               "the internal red-… URL works only inside Render. Add your IP address to the "
               "instance’s allow-list, or the connection is refused.");
    case KH_PROVIDER_UPSTASH:
      return _("TLS is always on. Commands are billed, so per-key details load only on demand "
               "(economy mode). The user “default_ro” has read-only access.");
    case KH_PROVIDER_LOCAL:
      return _("A server on this computer: redis://localhost:6379, a port published by Docker, "
               "or a Unix socket. Often without a password.");
    case KH_PROVIDER_SANDBOX:
      return _("Keyhole’s private demo server.");
    case KH_PROVIDER_CUSTOM:
    default:
      return _("Any Redis or Valkey server: enter its host and port, or paste its URL.");
    }
}

/* Errors */

static void
kh_profile_dialog_clear_row_errors (KhProfileDialog *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->name_row), GTK_WIDGET (self->host_row), GTK_WIDGET (self->port_row),
    GTK_WIDGET (self->socket_row), GTK_WIDGET (self->cert_row), GTK_WIDGET (self->key_row),
    GTK_WIDGET (self->database_spin),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
}

void
_kh_profile_dialog_show_error (KhProfileDialog *self,
                               const char      *message,
                               GtkWidget       *row)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);

  kh_profile_dialog_clear_row_errors (self);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
  if (message != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
}

/* Which row a kh_profile_validate() failure is about, judged from the profile. */
GtkWidget *
_kh_profile_dialog_row_for_invalid_profile (KhProfileDialog *self)
{
  KhProfile *profile = self->profile;
  const char *name = kh_profile_get_name (profile);
  const char *host = kh_profile_get_host (profile);
  const char *socket_path = kh_profile_get_socket_path (profile);

  if (name == NULL || name[strspn (name, " \t\r\n")] == '\0')
    return GTK_WIDGET (self->name_row);
  if (socket_path != NULL)
    {
      if (!g_path_is_absolute (socket_path))
        return GTK_WIDGET (self->socket_row);
    }
  else if (host == NULL || strstr (host, "://") != NULL || strspn (host, " \t") > 0 ||
           strcspn (host, " /@?#") != strlen (host))
    return GTK_WIDGET (self->host_row);
  if ((kh_profile_get_tls_cert_file (profile) == NULL) != (kh_profile_get_tls_key_file (profile) == NULL))
    return GTK_WIDGET (kh_profile_get_tls_cert_file (profile) == NULL ? self->cert_row : self->key_row);
  return GTK_WIDGET (self->host_row);
}

/* Form → profile */

static void
set_file_row (AdwActionRow *row,
              GtkWidget    *clear_button,
              const char   *path,
              const char   *empty_text)
{
  g_autofree char *basename = path != NULL ? g_path_get_basename (path) : NULL;

  adw_action_row_set_subtitle (row, basename != NULL ? basename : empty_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), path);
  gtk_widget_set_visible (clear_button, path != NULL);
}

void
_kh_profile_dialog_update_visibility (KhProfileDialog *self)
{
  KhProvider provider = kh_profile_get_provider (self->profile);
  gboolean tls = adw_expander_row_get_enable_expansion (self->tls_row);
  gboolean managed = provider == KH_PROVIDER_RENDER || provider == KH_PROVIDER_UPSTASH;

  adw_preferences_group_set_description (self->provider_group, provider_help (provider));
  /* Managed services are reached over TCP only. */
  gtk_widget_set_visible (GTK_WIDGET (self->socket_row),
                          !managed || kh_profile_get_socket_path (self->profile) != NULL);
  gtk_widget_set_visible (self->insecure_row, tls && !gtk_switch_get_active (self->verify_switch));

  set_file_row (self->ca_row, self->ca_clear_button, kh_profile_get_tls_ca_file (self->profile),
                _("System certificates"));
  set_file_row (self->cert_row, self->cert_clear_button, kh_profile_get_tls_cert_file (self->profile),
                _("None"));
  set_file_row (self->key_row, self->key_clear_button, kh_profile_get_tls_key_file (self->profile),
                _("None"));
}

/* Copies the form into the working profile. FALSE, with the error shown,
 * when a field cannot even be stored (a port that is not a number). */
gboolean
_kh_profile_dialog_apply_form (KhProfileDialog *self)
{
  KhProfile *profile = self->profile;
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  g_autofree char *port_stripped = g_strstrip (g_strdup (port_text));
  guint64 port = 0;
  guint selected = adw_combo_row_get_selected (self->provider_row);
  const char *delimiter;

  if (*port_stripped == '\0')
    port = KH_URL_DEFAULT_PORT;
  else if (!g_ascii_string_to_unsigned (port_stripped, 10, 1, 65535, &port, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("Port “%s” is not a number from 1 to 65535"),
                                                  port_stripped);
      _kh_profile_dialog_show_error (self, message, GTK_WIDGET (self->port_row));
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (profile));
  if (selected < G_N_ELEMENTS (provider_order) && kh_profile_get_provider (profile) != KH_PROVIDER_SANDBOX)
    kh_profile_set_provider (profile, provider_order[selected]);
  kh_profile_set_name (profile, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  {
    g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
    kh_profile_set_host (profile, host);
  }
  kh_profile_set_port (profile, (guint) port);
  {
    g_autofree char *socket_path = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->socket_row))));
    kh_profile_set_socket_path (profile, socket_path);
  }
  kh_profile_set_tls (profile, adw_expander_row_get_enable_expansion (self->tls_row));
  kh_profile_set_tls_insecure (profile, !gtk_switch_get_active (self->verify_switch));
  kh_profile_set_tls_server_name (profile, gtk_editable_get_text (GTK_EDITABLE (self->server_name_row)));
  kh_profile_set_username (profile, gtk_editable_get_text (GTK_EDITABLE (self->username_row)));
  gtk_spin_button_update (self->database_spin);
  kh_profile_set_database (profile, gtk_spin_button_get_value_as_int (self->database_spin));
  kh_profile_set_read_only (profile, gtk_switch_get_active (self->read_only_switch));
  kh_profile_set_economy (profile, gtk_switch_get_active (self->economy_switch));
  delimiter = gtk_editable_get_text (GTK_EDITABLE (self->delimiter_row));
  kh_profile_set_delimiter (profile, *delimiter != '\0' ? delimiter : KH_PROFILE_DEFAULT_DELIMITER);
  g_object_thaw_notify (G_OBJECT (profile));
  return TRUE;
}

/* Profile → form */

static void
kh_profile_dialog_select_color (KhProfileDialog *self,
                                const char      *color)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->color_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *name = g_object_get_data (G_OBJECT (child), "color");

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child), g_strcmp0 (name, color) == 0);
    }
}

void
_kh_profile_dialog_load_form (KhProfileDialog *self)
{
  KhProfile *profile = self->profile;
  g_autofree char *port = g_strdup_printf ("%u", kh_profile_get_port (profile));

  self->loading_form = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (provider_order); i++)
    if (provider_order[i] == kh_profile_get_provider (profile))
      adw_combo_row_set_selected (self->provider_row, i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_row),
                            kh_profile_get_provider (profile) != KH_PROVIDER_SANDBOX);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), kh_profile_get_name (profile));
  gtk_editable_set_text (GTK_EDITABLE (self->host_row),
                         kh_profile_get_host (profile) != NULL ? kh_profile_get_host (profile) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->socket_row),
                         kh_profile_get_socket_path (profile) != NULL ? kh_profile_get_socket_path (profile) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->username_row),
                         kh_profile_get_username (profile) != NULL ? kh_profile_get_username (profile) : "");
  adw_expander_row_set_enable_expansion (self->tls_row, kh_profile_get_tls (profile));
  gtk_switch_set_active (self->verify_switch, !kh_profile_get_tls_insecure (profile));
  gtk_editable_set_text (GTK_EDITABLE (self->server_name_row),
                         kh_profile_get_tls_server_name (profile) != NULL
                         ? kh_profile_get_tls_server_name (profile) : "");
  gtk_spin_button_set_value (self->database_spin, kh_profile_get_database (profile));
  gtk_switch_set_active (self->read_only_switch, kh_profile_get_read_only (profile));
  gtk_switch_set_active (self->economy_switch, kh_profile_get_economy (profile));
  gtk_editable_set_text (GTK_EDITABLE (self->delimiter_row), kh_profile_get_delimiter (profile));
  kh_profile_dialog_select_color (self, kh_profile_get_color (profile));
  self->loading_form = FALSE;

  _kh_profile_dialog_update_visibility (self);
}

/* Name */

/* Until the user names it, the connection is named after its provider and
 * address, whichever field changed. */
void
_kh_profile_dialog_follow_name (KhProfileDialog *self)
{
  g_autofree char *name = NULL;

  if (self->name_edited)
    return;
  name = kh_profile_suggest_name (self->profile);
  self->loading_form = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->loading_form = FALSE;
  kh_profile_set_name (self->profile, name);
}

/* Handlers */

static void
on_provider_selected (KhProfileDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->provider_row);
  KhProvider provider;

  if (selected >= G_N_ELEMENTS (provider_order))
    return;
  provider = provider_order[selected];

  if (self->loading_form)
    return;

  /* The user picked a preset: undo the last one's, apply this one's, keep the rest. */
  if (!_kh_profile_dialog_apply_form (self))
    return;
  kh_profile_preset_undo (self->profile, self->preset_provider, self->preset_fields, self->preset_saved);
  kh_profile_set_provider (self->profile, provider);
  self->preset_provider = provider;
  self->preset_fields = kh_profile_preset_apply (self->profile, provider, self->preset_saved);
  _kh_profile_dialog_follow_name (self);
  _kh_profile_dialog_load_form (self);
}

/* A name the user typed stays, even erased: Save then asks for one. */
static void
on_name_changed (KhProfileDialog *self)
{
  if (!self->loading_form)
    self->name_edited = TRUE;
}

/* Host, port or socket: what the name follows. */
static void
on_address_changed (KhProfileDialog *self)
{
  g_autofree char *host = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *port_text = NULL;
  guint64 port;

  if (self->loading_form || self->name_edited)
    return;
  host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  socket_path = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->socket_row))));
  port_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->port_row))));
  kh_profile_set_host (self->profile, host);
  kh_profile_set_socket_path (self->profile, socket_path);
  /* A port half typed or wrong is Save's to report. */
  if (*port_text == '\0')
    kh_profile_set_port (self->profile, KH_URL_DEFAULT_PORT);
  else if (g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    kh_profile_set_port (self->profile, (guint) port);
  _kh_profile_dialog_follow_name (self);
}

/* A field the preset set and the user then changed is the user's: picking
 * another provider keeps it. */
static void
kh_profile_dialog_preset_field_edited (KhProfileDialog *self,
                                       GObject         *row)
{
  if (!self->loading_form)
    self->preset_fields &= ~GPOINTER_TO_UINT (g_object_get_data (row, "kh-preset-field"));
}

static void
on_preset_row_changed (GtkEditable     *row,
                       KhProfileDialog *self)
{
  kh_profile_dialog_preset_field_edited (self, G_OBJECT (row));
}

static void
on_preset_row_notify (GObject         *row,
                      GParamSpec      *pspec,
                      KhProfileDialog *self)
{
  kh_profile_dialog_preset_field_edited (self, row);
}

/* Any setting a test used: its result no longer holds. */
static void
on_tested_setting_changed (KhProfileDialog *self)
{
  _kh_profile_dialog_clear_test (self);
}

static void
on_password_changed (KhProfileDialog *self)
{
  if (!self->loading_form)
    self->password_dirty = TRUE;
}

static void
on_field_changed (KhProfileDialog *self)
{
  if (self->loading_form)
    return;
  /* Only what changes the visible rows: the rest is read on Save. */
  kh_profile_set_tls (self->profile, adw_expander_row_get_enable_expansion (self->tls_row));
  kh_profile_set_tls_insecure (self->profile, !gtk_switch_get_active (self->verify_switch));
  _kh_profile_dialog_update_visibility (self);
}

static void
on_color_toggled (GtkToggleButton *button,
                  KhProfileDialog *self)
{
  if (self->loading_form || !gtk_toggle_button_get_active (button))
    return;
  kh_profile_set_color (self->profile, g_object_get_data (G_OBJECT (button), "color"));
}

static void
on_url_apply (KhProfileDialog *self)
{
  if (kh_profile_dialog_paste_url (self, gtk_editable_get_text (GTK_EDITABLE (self->url_row))))
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
on_url_changed (KhProfileDialog *self)
{
  /* A new attempt: the old error no longer applies. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->url_row), "error"))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->url_feedback), FALSE);
    }
}

/* Save */

static void
kh_profile_dialog_set_saving (KhProfileDialog *self,
                              gboolean         saving)
{
  self->saving = saving;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", !saving);
}

static void
kh_profile_dialog_finish_save (KhProfileDialog *self,
                               const char      *warning)
{
  KhProfile *found = kh_profile_store_find (self->store, kh_profile_get_id (self->profile), NULL);
  g_autoptr(KhProfile) stored = found != NULL ? g_object_ref (found) : NULL;

  kh_profile_dialog_set_saving (self, FALSE);
  if (stored != NULL)
    g_signal_emit (self, signals[SIGNAL_SAVED], 0, stored);

  if (warning != NULL)
    {
      /* Saved, but the password is not kept: say so; Save (or Connect) again just closes. */
      _kh_profile_dialog_show_error (self, warning, GTK_WIDGET (self->password_row));
      return;
    }
  if (self->connect_after_save && stored != NULL)
    g_signal_emit (self, signals[SIGNAL_CONNECT], 0, stored);
  gtk_window_close (GTK_WINDOW (self));
}

static void
kh_profile_dialog_password_done (KhProfileDialog *self,
                                 gboolean         ok,
                                 const GError    *error)
{
  g_autofree char *warning = NULL;

  if (!ok)
    warning = g_strdup_printf (_("The connection was saved, but the password could not be kept "
                                 "in the keyring: %s. Keyhole will ask for it when connecting."),
                               error->message);
  kh_profile_dialog_finish_save (self, warning);
}

static void
on_password_stored (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(KhProfileDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = kh_secrets_store_finish (result, &error);

  kh_profile_dialog_password_done (self, ok, error);
}

static void
on_password_cleared (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KhProfileDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = kh_secrets_clear_finish (result, &error);

  /* Without a keyring there is nothing to clear. */
  if (g_error_matches (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED))
    ok = TRUE;
  kh_profile_dialog_password_done (self, ok, error);
}

static void
on_store_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhProfileDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *password;
  const char *id;

  if (!kh_profile_store_save_finish (KH_PROFILE_STORE (object), result, &error))
    {
      kh_profile_dialog_set_saving (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _kh_profile_dialog_show_error (self, error->message, NULL);
      return;
    }

  if (!self->password_dirty)
    {
      kh_profile_dialog_finish_save (self, NULL);
      return;
    }

  self->password_dirty = FALSE;
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  id = kh_profile_get_id (self->profile);
  if (*password == '\0')
    kh_secrets_clear_async (id, NULL, on_password_cleared, g_object_ref (self));
  else
    {
      g_autofree char *label = g_strdup_printf (_("Keyhole: %s"), kh_profile_get_name (self->profile));

      /* Not cancelled with the dialog: a half-stored password helps nobody. */
      kh_secrets_store_async (id, label, password, NULL, on_password_stored, g_object_ref (self));
    }
}

static void
kh_profile_dialog_save (KhProfileDialog *self,
                        gboolean         connect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhProfile) copy = NULL;

  if (self->saving)
    return;
  self->connect_after_save = connect;
  if (!_kh_profile_dialog_apply_form (self))
    return;
  if (!kh_profile_validate (self->profile, &error))
    {
      _kh_profile_dialog_show_error (self, error->message, _kh_profile_dialog_row_for_invalid_profile (self));
      return;
    }
  _kh_profile_dialog_show_error (self, NULL, NULL);

  copy = copy_profile (self->profile);
  if (kh_profile_store_find (self->store, kh_profile_get_id (copy), NULL) != NULL)
    kh_profile_store_replace (self->store, copy);
  else
    {
      kh_profile_store_add (self->store, copy);
      /* add may have given it a new id; the password follows the stored one. */
      kh_profile_set_id (self->profile, kh_profile_get_id (copy));
    }

  kh_profile_dialog_set_saving (self, TRUE);
  kh_profile_store_save_async (self->store, self->cancellable, on_store_saved, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kh_profile_dialog_save (KH_PROFILE_DIALOG (widget), FALSE);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kh_profile_dialog_save (KH_PROFILE_DIALOG (widget), TRUE);
}

/* Existing password */

static void
on_password_looked_up (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(KhProfileDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = kh_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      self->keyring_available = FALSE;
      adw_preferences_group_set_description (self->auth_group,
                                             _("No keyring is available to keep the password: "
                                               "Keyhole will ask for it when connecting."));
      return;
    }
  /* The user may have typed one meanwhile: theirs wins. */
  if (password != NULL && !self->password_dirty)
    {
      self->loading_form = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      self->loading_form = FALSE;
    }
  if (password != NULL)
    memset (password, 0, strlen (password));
}

/* GObject */

static gboolean
kh_profile_dialog_close_request (GtkWindow *window)
{
  KhProfileDialog *self = KH_PROFILE_DIALOG (window);

  _kh_profile_dialog_stop_test (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (kh_profile_dialog_parent_class)->close_request (window);
}

static void
kh_profile_dialog_dispose (GObject *object)
{
  KhProfileDialog *self = KH_PROFILE_DIALOG (object);

  if (self->test_spinner != NULL)
    _kh_profile_dialog_stop_test (self);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KH_TYPE_PROFILE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);
  g_clear_object (&self->preset_saved);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kh_profile_dialog_parent_class)->dispose (object);
}

static void
kh_profile_dialog_finalize (GObject *object)
{
  KhProfileDialog *self = KH_PROFILE_DIALOG (object);

  g_free (self->error);
  g_free (self->test_result);

  G_OBJECT_CLASS (kh_profile_dialog_parent_class)->finalize (object);
}

static void
kh_profile_dialog_class_init (KhProfileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kh_profile_dialog_dispose;
  object_class->finalize = kh_profile_dialog_finalize;
  window_class->close_request = kh_profile_dialog_close_request;

  /**
   * KhProfileDialog::saved:
   * @profile: the profile now in the store
   *
   * Emitted when Save has stored the profile and saved the store.
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_PROFILE);
  /**
   * KhProfileDialog::connect:
   * @profile: the profile now in the store
   *
   * Emitted after #KhProfileDialog::saved when the user chose Connect: the
   * connection is to be opened.
   */
  signals[SIGNAL_CONNECT] =
    g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_PROFILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/app/keyhole/Keyhole/ui/kh-profile-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, provider_group);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, provider_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, url_feedback);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, socket_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, auth_group);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, tls_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, verify_switch);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, cert_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, ca_clear_button);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, cert_clear_button);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, key_clear_button);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, server_name_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, insecure_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, database_spin);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, read_only_switch);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, economy_switch);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, color_box);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, test_row);
  gtk_widget_class_bind_template_child (widget_class, KhProfileDialog, test_spinner);

  gtk_widget_class_install_action (widget_class, "profile.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "profile.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "profile.test", NULL, _kh_profile_dialog_test_action);
  gtk_widget_class_install_action (widget_class, "profile.choose-file", "s", _kh_profile_dialog_choose_file_action);
  gtk_widget_class_install_action (widget_class, "profile.clear-file", "s", _kh_profile_dialog_clear_file_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "profile.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kh_profile_dialog_add_color_buttons (KhProfileDialog *self)
{
  const char * const *colors = kh_profile_get_colors ();
  GtkWidget *none;

  none = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (none), "window-close-symbolic");
  gtk_widget_set_tooltip_text (none, _("No colour"));
  gtk_widget_add_css_class (none, "flat");
  gtk_widget_add_css_class (none, "circular");
  g_signal_connect (none, "toggled", G_CALLBACK (on_color_toggled), self);
  gtk_box_append (self->color_box, none);

  for (guint i = 0; colors[i] != NULL; i++)
    {
      g_autoptr(GIcon) icon = kh_profile_icon_new_for_color (colors[i]);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *image = gtk_image_new_from_gicon (icon);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 16);
      gtk_button_set_child (GTK_BUTTON (button), image);
      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (none));
      gtk_widget_set_tooltip_text (button, colors[i]);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "circular");
      g_object_set_data_full (G_OBJECT (button), "color", g_strdup (colors[i]), g_free);
      g_signal_connect (button, "toggled", G_CALLBACK (on_color_toggled), self);
      gtk_box_append (self->color_box, button);
    }
}

static void
kh_profile_dialog_init (KhProfileDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->keyring_available = TRUE;
  kh_profile_dialog_add_color_buttons (self);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);

  g_signal_connect_swapped (self->provider_row, "notify::selected", G_CALLBACK (on_provider_selected), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_name_changed), self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (on_password_changed), self);
  g_object_set_data (G_OBJECT (self->host_row), "kh-preset-field", GUINT_TO_POINTER (KH_PRESET_FIELD_HOST));
  g_object_set_data (G_OBJECT (self->port_row), "kh-preset-field", GUINT_TO_POINTER (KH_PRESET_FIELD_PORT));
  g_object_set_data (G_OBJECT (self->username_row), "kh-preset-field", GUINT_TO_POINTER (KH_PRESET_FIELD_USERNAME));
  g_object_set_data (G_OBJECT (self->tls_row), "kh-preset-field", GUINT_TO_POINTER (KH_PRESET_FIELD_TLS));
  g_object_set_data (G_OBJECT (self->economy_switch), "kh-preset-field", GUINT_TO_POINTER (KH_PRESET_FIELD_ECONOMY));
  g_signal_connect (self->host_row, "changed", G_CALLBACK (on_preset_row_changed), self);
  g_signal_connect (self->port_row, "changed", G_CALLBACK (on_preset_row_changed), self);
  g_signal_connect (self->username_row, "changed", G_CALLBACK (on_preset_row_changed), self);
  g_signal_connect (self->tls_row, "notify::enable-expansion", G_CALLBACK (on_preset_row_notify), self);
  g_signal_connect (self->economy_switch, "notify::active", G_CALLBACK (on_preset_row_notify), self);
  g_signal_connect_swapped (self->host_row, "changed", G_CALLBACK (on_address_changed), self);
  g_signal_connect_swapped (self->port_row, "changed", G_CALLBACK (on_address_changed), self);
  g_signal_connect_swapped (self->socket_row, "changed", G_CALLBACK (on_address_changed), self);
  {
    /* What a test used; the name, delimiter, colour and economy mode are not. */
    GObject *tested[] = {
      G_OBJECT (self->host_row), G_OBJECT (self->port_row), G_OBJECT (self->socket_row),
      G_OBJECT (self->username_row), G_OBJECT (self->password_row), G_OBJECT (self->server_name_row),
    };

    for (guint i = 0; i < G_N_ELEMENTS (tested); i++)
      g_signal_connect_swapped (tested[i], "changed", G_CALLBACK (on_tested_setting_changed), self);
    g_signal_connect_swapped (self->provider_row, "notify::selected", G_CALLBACK (on_tested_setting_changed), self);
    g_signal_connect_swapped (self->tls_row, "notify::enable-expansion", G_CALLBACK (on_tested_setting_changed), self);
    g_signal_connect_swapped (self->verify_switch, "notify::active", G_CALLBACK (on_tested_setting_changed), self);
    g_signal_connect_swapped (self->database_spin, "value-changed", G_CALLBACK (on_tested_setting_changed), self);
    g_signal_connect_swapped (self->read_only_switch, "notify::active", G_CALLBACK (on_tested_setting_changed), self);
  }
  g_signal_connect_swapped (self->tls_row, "notify::enable-expansion", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->verify_switch, "notify::active", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->url_row, "apply", G_CALLBACK (on_url_apply), self);
  g_signal_connect_swapped (self->url_row, "entry-activated", G_CALLBACK (on_url_apply), self);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (on_url_changed), self);
}

/* What Preferences sets for new connections. Upstash bills every command, so
 * its economy mode stays on whatever the preference says. */
static void
kh_profile_dialog_apply_preferences (KhProfileDialog *self)
{
  g_autoptr(GSettings) settings = kh_settings_load ();
  g_autofree char *delimiter = NULL;

  if (settings == NULL)
    return;
  delimiter = g_settings_get_string (settings, "default-delimiter");
  self->economy_default = g_settings_get_boolean (settings, "economy-default");

  if (*delimiter != '\0')
    kh_profile_set_delimiter (self->profile, delimiter);
  kh_profile_set_economy (self->profile,
                          self->economy_default ||
                          kh_profile_get_provider (self->profile) == KH_PROVIDER_UPSTASH);
}

KhProfileDialog *
kh_profile_dialog_new (KhProfileStore *store,
                       KhProfile      *profile)
{
  KhProfileDialog *self;
  gboolean editing;

  g_return_val_if_fail (KH_IS_PROFILE_STORE (store), NULL);
  g_return_val_if_fail (KH_IS_PROFILE (profile), NULL);

  self = g_object_new (KH_TYPE_PROFILE_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->profile = copy_profile (profile);
  editing = kh_profile_store_find (store, kh_profile_get_id (profile), NULL) != NULL;
  self->editing = editing;
  self->preset_saved = kh_profile_new ();
  self->preset_provider = kh_profile_get_provider (self->profile);
  self->preset_fields = KH_PRESET_FIELD_NONE;
  self->name_edited = editing;
  if (!editing)
    {
      g_autofree char *suggested = kh_profile_suggest_name (self->profile);
      const char *name = kh_profile_get_name (self->profile);

      kh_profile_dialog_apply_preferences (self);
      /* A new profile holds its provider's preset over the defaults: picking
       * another provider puts the defaults back. */
      kh_profile_set_economy (self->preset_saved, self->economy_default);
      self->preset_fields = kh_profile_preset_get_fields (self->preset_provider);
      /* Its name follows the provider and the address, unless it came
       * with a name of its own ("Cache (copy)"). */
      self->name_edited = *name != '\0' && g_strcmp0 (name, suggested) != 0 &&
                          g_strcmp0 (name, kh_provider_get_display_name (self->preset_provider)) != 0;
      _kh_profile_dialog_follow_name (self);
    }

  gtk_window_set_title (GTK_WINDOW (self), editing ? _("Edit Connection") : _("New Connection"));
  _kh_profile_dialog_load_form (self);

  if (editing)
    kh_secrets_lookup_async (kh_profile_get_id (profile), self->cancellable,
                             on_password_looked_up, g_object_ref (self));

  return self;
}

KhProfile *
kh_profile_dialog_get_profile (KhProfileDialog *self)
{
  g_return_val_if_fail (KH_IS_PROFILE_DIALOG (self), NULL);

  _kh_profile_dialog_apply_form (self);
  return self->profile;
}

const char *
kh_profile_dialog_get_error (KhProfileDialog *self)
{
  g_return_val_if_fail (KH_IS_PROFILE_DIALOG (self), NULL);
  return self->error;
}

const char *
kh_profile_dialog_get_test_result (KhProfileDialog *self)
{
  g_return_val_if_fail (KH_IS_PROFILE_DIALOG (self), NULL);
  return self->test_result;
}
