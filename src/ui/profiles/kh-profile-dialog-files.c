/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-dialog-files.c: the TLS files of the connection dialog
 *
 * The CA certificate, client certificate and key are chosen with the
 * platform's file chooser (a portal inside Flatpak), never typed; a changed
 * file clears the Test result, as any setting the test used does.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-profile-dialog-private.h"

static const char *
file_kind_title (const char *kind)
{
  if (g_str_equal (kind, "ca"))
    return _("Choose the CA Certificate");
  if (g_str_equal (kind, "cert"))
    return _("Choose the Client Certificate");
  return _("Choose the Client Key");
}

static void
set_file (KhProfileDialog *self,
          const char      *kind,
          const char      *path)
{
  if (g_str_equal (kind, "ca"))
    kh_profile_set_tls_ca_file (self->profile, path);
  else if (g_str_equal (kind, "cert"))
    kh_profile_set_tls_cert_file (self->profile, path);
  else
    kh_profile_set_tls_key_file (self->profile, path);
  _kh_profile_dialog_update_visibility (self);
  _kh_profile_dialog_clear_test (self);
}

static void
on_file_chosen (GtkNativeDialog *chooser,
                int              response,
                gpointer         user_data)
{
  g_autoptr(KhProfileDialog) self = user_data;
  const char *kind = g_object_get_data (G_OBJECT (chooser), "kind");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL && self->profile != NULL)
        set_file (self, kind, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
_kh_profile_dialog_choose_file_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  KhProfileDialog *self = KH_PROFILE_DIALOG (widget);
  const char *kind = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (file_kind_title (kind), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (pem, _("PEM files"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_pattern (pem, "*.cer");
  gtk_file_filter_add_pattern (pem, "*.key");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pem);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_object_set_data_full (G_OBJECT (chooser), "kind", g_strdup (kind), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_kh_profile_dialog_clear_file_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  set_file (KH_PROFILE_DIALOG (widget), g_variant_get_string (parameter, NULL), NULL);
}

