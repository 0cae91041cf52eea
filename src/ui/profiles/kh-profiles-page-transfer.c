/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profiles-page-transfer.c: profiles in and out of the page, other than one by one
 *
 * Paste URL makes a profile from a redis://, rediss:// or unix:// URL,
 * parsed as it is typed (a URL on the clipboard fills the empty entry); Import .env
 * reads the URLs a project's .env file holds and offers them; Export and
 * Import write and read a file of profiles, never with their secrets. Each
 * ends in the profile dialog or the store, saved as the page saves it.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kh-env-import-dialog.h"
#include "kh-toast.h"
#include "kh-profile-dialog.h"
#include "kh-profiles-page-private.h"

/* Paste URL: one entry, parsed as the user types. */

static void
on_paste_entry_changed (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  GtkLabel *feedback = g_object_get_data (G_OBJECT (dialog), "feedback");
  const char *text = gtk_editable_get_text (entry);
  g_autoptr(KhUrl) url = NULL;
  g_autoptr(GError) error = NULL;

  if (text[strspn (text, " \t\r\n")] == '\0')
    {
      gtk_label_set_label (feedback, "");
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      adw_message_dialog_set_response_enabled (dialog, "continue", FALSE);
      return;
    }

  url = kh_url_parse (text, &error);
  if (url == NULL)
    {
      gtk_label_set_label (feedback, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (feedback), "error");
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
    }
  else
    {
      g_autofree char *notes = url->notes != NULL ? g_strjoinv ("\n", url->notes) : NULL;

      gtk_label_set_label (feedback, notes != NULL ? notes : "");
      gtk_widget_remove_css_class (GTK_WIDGET (feedback), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
    }
  adw_message_dialog_set_response_enabled (dialog, "continue", url != NULL);
}

static void
on_paste_response (AdwMessageDialog *dialog,
                   const char       *response,
                   KhProfilesPage   *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(KhProfile) profile = NULL;
  KhProfileDialog *profile_dialog;

  if (g_strcmp0 (response, "continue") != 0)
    return;

  profile = kh_profile_new ();
  profile_dialog = _kh_profiles_page_present_dialog (self, profile);
  kh_profile_dialog_paste_url (profile_dialog, gtk_editable_get_text (entry));
  /* The URL may hold a password: do not leave it in a widget nobody sees. */
  gtk_editable_set_text (entry, "");
}

static void
on_clipboard_text (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWidget) entry = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);

  /* Offer the clipboard only when it holds a URL and the user typed nothing yet. */
  if (text != NULL && gtk_widget_get_root (entry) != NULL &&
      *gtk_editable_get_text (GTK_EDITABLE (entry)) == '\0' &&
      (g_str_has_prefix (g_strstrip (text), "redis://") || g_str_has_prefix (text, "rediss://") ||
       g_str_has_prefix (text, "unix://")) && strchr (text, '\n') == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), text);
      gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
    }
}

GtkWindow *
kh_profiles_page_paste_url (KhProfilesPage *self)
{
  GtkRoot *root;
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *feedback;

  g_return_val_if_fail (KH_IS_PROFILES_PAGE (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Paste URL"),
                                                       _("A redis://, rediss:// (TLS) or unix:// URL, as "
                                                         "your provider’s dashboard or your project’s "
                                                         "settings give it.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "rediss://default:password@host:6379");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_NO_SPELLCHECK);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("URL"), -1);
  feedback = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (feedback), TRUE);
  gtk_label_set_xalign (GTK_LABEL (feedback), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (feedback), 40);
  gtk_widget_add_css_class (feedback, "caption");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), feedback);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "continue", _("C_ontinue"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "continue", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "continue");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "continue", FALSE);

  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data (G_OBJECT (dialog), "feedback", feedback);
  g_signal_connect (entry, "changed", G_CALLBACK (on_paste_entry_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_paste_response), self, G_CONNECT_DEFAULT);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), NULL,
                                 on_clipboard_text, g_object_ref (entry));

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return GTK_WINDOW (dialog);
}

/* Import .env */

static void
on_env_url_chosen (KhEnvImportDialog *env_dialog,
                   const KhUrl       *url,
                   KhProfilesPage    *self)
{
  g_autoptr(KhProfile) profile = kh_profile_new_from_url (url);
  KhProfileDialog *dialog = _kh_profiles_page_present_dialog (self, profile);

  kh_profile_dialog_apply_url (dialog, url);
}

static void
on_env_file_chosen (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(KhProfilesPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  KhEnvImportDialog *dialog;
  GtkRoot *root;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL)
    return;

  dialog = kh_env_import_dialog_new (file);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "url-chosen", G_CALLBACK (on_env_url_chosen), self, G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
kh_profiles_page_import_env (KhProfilesPage *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) env_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();
  GtkRoot *root;

  g_return_if_fail (KH_IS_PROFILES_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  chooser = gtk_file_chooser_native_new (_("Import .env File"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (env_filter, _("Environment files"));
  gtk_file_filter_add_pattern (env_filter, ".env");
  gtk_file_filter_add_pattern (env_filter, ".env.*");
  gtk_file_filter_add_pattern (env_filter, "*.env");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), env_filter);
  gtk_file_filter_set_name (all_filter, _("All files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all_filter);

  g_signal_connect (chooser, "response", G_CALLBACK (on_env_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Export and import of profiles (without secrets) */

static void
kh_profiles_page_toast (KhProfilesPage *self,
                        const char     *text)
{
  kh_toast_show (GTK_WIDGET (self), text);
}

static void
on_profiles_exported (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KhProfilesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kh_profile_store_export_finish (KH_PROFILE_STORE (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The connections could not be exported: %s"), error->message);
      kh_profiles_page_show_warning (self, message);
      return;
    }
  kh_profiles_page_toast (self, _("Connections exported, without passwords"));
}

static void
on_profiles_imported (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KhProfilesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  if (!kh_profile_store_import_finish (KH_PROFILE_STORE (object), result, &n, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The connections could not be imported: %s"), error->message);
      kh_profiles_page_show_warning (self, message);
      return;
    }
  _kh_profiles_page_save (self);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u connection", "Imported %u connections", n), n);
  kh_profiles_page_toast (self, text);
}

static void
on_transfer_file_chosen (GtkNativeDialog *chooser,
                         int              response,
                         gpointer         user_data)
{
  g_autoptr(KhProfilesPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  gboolean exporting = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL || self->store == NULL)
    return;

  if (exporting)
    kh_profile_store_export_async (self->store, file, NULL, NULL, on_profiles_exported, g_object_ref (self));
  else
    kh_profile_store_import_async (self->store, file, NULL, on_profiles_imported, g_object_ref (self));
}

static void
kh_profiles_page_choose_transfer_file (KhProfilesPage       *self,
                                       GtkFileChooserAction  action)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean exporting = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  chooser = gtk_file_chooser_native_new (exporting ? _("Export Connections") : _("Import Connections"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action,
                                         exporting ? _("_Export") : _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Keyhole connections (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (exporting)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "keyhole-connections.json");
  g_signal_connect (chooser, "response", G_CALLBACK (on_transfer_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
kh_profiles_page_export_profiles (KhProfilesPage *self)
{
  g_return_if_fail (KH_IS_PROFILES_PAGE (self));
  kh_profiles_page_choose_transfer_file (self, GTK_FILE_CHOOSER_ACTION_SAVE);
}

void
kh_profiles_page_import_profiles (KhProfilesPage *self)
{
  g_return_if_fail (KH_IS_PROFILES_PAGE (self));
  kh_profiles_page_choose_transfer_file (self, GTK_FILE_CHOOSER_ACTION_OPEN);
}
