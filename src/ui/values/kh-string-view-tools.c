/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-string-view-tools.c: what a string view does besides editing:
 * increments for numbers (INCRBY), decoders (base64, gzip, JSON, hex) shown
 * read-only, and saving the whole value to a file a megabyte at a time
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-error.h"
#include "kh-string-view-private.h"
#include "kh-value-decode.h"
#include "kh-value-edit.h"
#include "kh-value-string.h"

/* Numbers */

static void
on_incremented (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhStringView) self = user_data;
  KhValuePane *pane = KH_VALUE_PANE (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) number = NULL;

  kh_value_pane_end_write (pane);
  if (!kh_value_edit_finish (KH_SESSION (object), result, &number, NULL, &error))
    {
      kh_value_pane_show_message (pane, error->message);
      return;
    }
  if (number != NULL)
    kh_string_view_set_value (self, number, FALSE, -1);
  kh_value_pane_value_changed (pane);
}

static void
increment_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhStringView *self = KH_STRING_VIEW (widget);
  KhValuePane *pane = KH_VALUE_PANE (self);
  int sign = g_str_equal (action_name, "string.increment") ? 1 : -1;

  kh_value_pane_begin_write (pane);
  if (self->is_integer)
    kh_value_string_increment_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                                     sign, NULL, on_incremented, g_object_ref (self));
  else
    kh_value_string_increment_float_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane),
                                           sign, NULL, on_incremented, g_object_ref (self));
}

/* Decoders */

static void
show_decoded_bytes (KhStringView *self,
                    GBytes       *bytes,
                    const char   *what)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *size = g_format_size (len);
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;
  const char *language = NULL;

  if (kh_value_decode_detect (data, len) == KH_VALUE_FORMAT_JSON &&
      (text = kh_value_decode_json_pretty (data, len, NULL, NULL, NULL)) != NULL)
    {
      language = "json";
      /* Translators: "Decoded from base64: JSON, 1.2 kB, read-only" */
      label = g_strdup_printf (_("Decoded from %s: JSON, %s, read-only"), what, size);
    }
  else if (len == 0 || kh_value_decode_is_printable (data, len))
    {
      text = g_strndup ((const char *) data, len);
      label = g_strdup_printf (_("Decoded from %s: text, %s, read-only"), what, size);
    }
  else
    {
      text = kh_string_view_hex_dump (data, len, 16);
      label = g_strdup_printf (_("Decoded from %s: binary, %s, shown as hex, read-only"), what, size);
    }
  if (kh_value_text_has_long_line (text))
    {
      char *broken = kh_value_text_break_lines (text);

      g_free (text);
      text = broken;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->decoded_label), "error");
  gtk_label_set_label (self->decoded_label, label);
  kh_string_view_set_buffer_text (self->decoded_buffer, text, language);
}

static void
show_decode_error (KhStringView *self,
                   const char   *what,
                   const GError *error)
{
  g_autofree char *label = g_strdup_printf (_("Could not decode the value as %s. %s"), what, error->message);

  gtk_widget_add_css_class (GTK_WIDGET (self->decoded_label), "error");
  gtk_label_set_label (self->decoded_label, label);
  kh_string_view_set_buffer_text (self->decoded_buffer, "", NULL);
}

static void
decode_as_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KhStringView *self = KH_STRING_VIEW (widget);
  const char *how = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) decoded = NULL;
  gsize len;
  const guint8 *data;

  if (self->value == NULL)
    return;
  data = g_bytes_get_data (self->value, &len);

  if (g_str_equal (how, "base64"))
    {
      decoded = kh_value_decode_base64 (data, len, &error);
      if (decoded != NULL)
        show_decoded_bytes (self, decoded, "base64");
      else
        show_decode_error (self, "base64", error);
    }
  else if (g_str_equal (how, "gzip"))
    {
      decoded = kh_value_decode_gzip (data, len, 0, &error);
      if (decoded != NULL)
        show_decoded_bytes (self, decoded, "gzip");
      else
        show_decode_error (self, "gzip", error);
    }
  else if (g_str_equal (how, "json"))
    {
      guint line = 0, column = 0;
      g_autofree char *pretty = kh_value_decode_json_pretty (data, len, &line, &column, &error);

      if (pretty != NULL)
        {
          g_autofree char *size = g_format_size (len);
          g_autofree char *label = g_strdup_printf (_("JSON, %s, pretty-printed, read-only"), size);

          gtk_widget_remove_css_class (GTK_WIDGET (self->decoded_label), "error");
          gtk_label_set_label (self->decoded_label, label);
          kh_string_view_set_buffer_text (self->decoded_buffer, pretty, "json");
        }
      else
        show_decode_error (self, "JSON", error);
    }
  else
    {
      g_autofree char *dump = kh_string_view_hex_dump (data, len, 16);
      g_autofree char *size = g_format_size (len);
      g_autofree char *label = g_strdup_printf (_("Hex dump, %s, read-only"), size);

      gtk_widget_remove_css_class (GTK_WIDGET (self->decoded_label), "error");
      gtk_label_set_label (self->decoded_label, label);
      kh_string_view_set_buffer_text (self->decoded_buffer, dump, NULL);
    }
  gtk_stack_set_visible_child_name (self->stack, "decoded");
}

static void
show_value_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (KH_STRING_VIEW (widget)->stack,
                                    KH_STRING_VIEW (widget)->in_large_view ? "large" : "value");
}

/* Save to file */

static void
on_file_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  KhStringView *self = user_data;
  g_autofree char *done_text = g_format_size (done);
  g_autofree char *total_text = g_format_size (total);
  g_autofree char *label = g_strdup_printf (_("Saving: %s of %s"), done_text, total_text);

  gtk_progress_bar_set_fraction (self->file_progress, total > 0 ? (double) done / (double) total : 1.0);
  gtk_label_set_label (self->file_label, label);
}

static void
on_saved_to_file (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KhStringView) self = user_data;
  g_autoptr(GError) error = NULL;
  guint64 written = 0;

  self->saving_to_file = FALSE;
  g_clear_object (&self->file_cancellable);
  gtk_revealer_set_reveal_child (self->file_revealer, FALSE);
  kh_value_pane_update_actions (KH_VALUE_PANE (self));

  if (!kh_value_string_save_to_file_finish (KH_SESSION (object), result, &written, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kh_value_pane_show_message (KH_VALUE_PANE (self), error->message);
      else
        kh_value_pane_toast (KH_VALUE_PANE (self), _("Stopped saving; the file was left as it was"));
      return;
    }
  {
    g_autofree char *size = g_format_size (written);
    g_autofree char *text = g_strdup_printf (_("Saved %s to the file"), size);

    kh_value_pane_toast (KH_VALUE_PANE (self), text);
  }
}

static void
on_file_chosen (GtkNativeDialog *dialog,
                int              response,
                KhStringView    *self)
{
  KhValuePane *pane = KH_VALUE_PANE (self);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->file_chooser);
  if (file == NULL)
    return;

  self->saving_to_file = TRUE;
  self->file_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->file_progress, 0);
  gtk_label_set_label (self->file_label, _("Saving…"));
  gtk_revealer_set_reveal_child (self->file_revealer, TRUE);
  kh_value_pane_update_actions (pane);
  /* The callback's reference keeps @self alive for the progress calls */
  kh_value_string_save_to_file_async (kh_value_pane_get_session (pane), kh_value_pane_get_key (pane), file,
                                      on_file_progress, self, self->file_cancellable,
                                      on_saved_to_file, g_object_ref (self));
}

static void
save_to_file_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KhStringView *self = KH_STRING_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = kh_value_pane_dup_display_key (KH_VALUE_PANE (self));

  if (self->file_chooser != NULL)
    return;
  self->file_chooser = gtk_file_chooser_native_new (_("Save Value to File"),
                                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  g_strdelimit (name, "/\\:", '_');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->file_chooser), name);
  g_signal_connect_object (self->file_chooser, "response", G_CALLBACK (on_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
stop_saving_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KhStringView *self = KH_STRING_VIEW (widget);

  if (self->file_cancellable != NULL)
    g_cancellable_cancel (self->file_cancellable);
}

void
kh_string_view_class_init_tools (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "string.increment", NULL, increment_action);
  gtk_widget_class_install_action (widget_class, "string.decrement", NULL, increment_action);
  gtk_widget_class_install_action (widget_class, "string.save-to-file", NULL, save_to_file_action);
  gtk_widget_class_install_action (widget_class, "string.stop-saving", NULL, stop_saving_action);
  gtk_widget_class_install_action (widget_class, "string.decode-as", "s", decode_as_action);
  gtk_widget_class_install_action (widget_class, "string.show-value", NULL, show_value_action);
}
