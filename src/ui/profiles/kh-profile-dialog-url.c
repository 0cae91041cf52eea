/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-dialog-url.c: filling the connection dialog from a URL
 *
 * "Paste URL" (the row, the Paste URL dialog, a .env file) sets the
 * connection fields from a parsed URL; what the URL set is the user's, so no
 * provider preset is undone afterwards. A URL that does not parse is shown
 * with the part it is wrong about selected.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kh-profile-dialog-private.h"

void
kh_profile_dialog_apply_url (KhProfileDialog *self,
                             const KhUrl     *url)
{
  g_autoptr(GString) feedback = g_string_new (NULL);
  g_autofree char *warning = NULL;

  g_return_if_fail (KH_IS_PROFILE_DIALOG (self));
  g_return_if_fail (url != NULL);

  _kh_profile_dialog_apply_form (self);
  kh_profile_apply_url (self->profile, url);
  /* The URL turns economy mode on for Upstash only; a new profile keeps the preference. */
  if (!self->editing && self->economy_default)
    kh_profile_set_economy (self->profile, TRUE);
  /* What the URL set is the user's: no preset to undo any more. */
  self->preset_provider = kh_profile_get_provider (self->profile);
  self->preset_fields = KH_PRESET_FIELD_NONE;
  if (*kh_profile_get_name (self->profile) == '\0')
    self->name_edited = FALSE;
  _kh_profile_dialog_follow_name (self);
  _kh_profile_dialog_load_form (self);

  if (url->password != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), url->password);
      self->password_dirty = TRUE;
    }

  for (guint i = 0; url->notes != NULL && url->notes[i] != NULL; i++)
    g_string_append_printf (feedback, "%s%s", feedback->len > 0 ? "\n" : "", url->notes[i]);
  warning = kh_url_get_warning (url);
  if (warning != NULL)
    g_string_append_printf (feedback, "%s%s", feedback->len > 0 ? "\n" : "", warning);

  gtk_label_set_label (self->url_feedback, feedback->str);
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_feedback), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->url_feedback), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->url_feedback), feedback->len > 0);
  _kh_profile_dialog_show_error (self, NULL, NULL);
}

/* Selects the part of @text that @message quotes (“…”), so the user sees
 * which part of the URL is wrong. */
static void
select_quoted_part (GtkEditable *editable,
                    const char  *text,
                    const char  *message)
{
  const char *open = strstr (message, "“");
  const char *close;
  g_autofree char *part = NULL;
  const char *found;

  if (open == NULL)
    return;
  open += strlen ("“");
  close = strstr (open, "”");
  if (close == NULL || close == open)
    return;
  part = g_strndup (open, close - open);
  found = strstr (text, part);
  if (found == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (editable));
  gtk_editable_select_region (editable,
                              (int) g_utf8_pointer_to_offset (text, found),
                              (int) g_utf8_pointer_to_offset (text, found + strlen (part)));
}

gboolean
kh_profile_dialog_paste_url (KhProfileDialog *self,
                             const char      *text)
{
  g_autoptr(KhUrl) url = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = NULL;

  g_return_val_if_fail (KH_IS_PROFILE_DIALOG (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strdup (text);
  url = kh_url_parse (copy, &error);
  if (url == NULL)
    {
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), copy) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->url_row), copy);
      gtk_label_set_label (self->url_feedback, error->message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_feedback), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->url_feedback), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->url_feedback), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      select_quoted_part (GTK_EDITABLE (self->url_row), copy, error->message);
      return FALSE;
    }

  kh_profile_dialog_apply_url (self, url);
  /* The URL may carry the password: it now lives in the password row only. */
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  return TRUE;
}

