/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-pane-dialogs.c: the questions a value pane asks: confirmations,
 * a few texts, and which version to keep after a conflict
 *
 * A dialog keeps its pane alive until it closes, but answers given after the
 * pane was closed (another key is shown) are dropped.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-conflict-dialog.h"
#include "kh-value-pane-private.h"

typedef struct {
  KhValuePane *self;
  GCallback    func;
  gpointer     data;
  GDestroyNotify destroy;
  GPtrArray   *rows;   /* AdwEntryRow, for kh_value_pane_ask() */
} DialogData;

static DialogData *
dialog_data_new (KhValuePane    *self,
                 GCallback       func,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  DialogData *dialog_data = g_new0 (DialogData, 1);

  dialog_data->self = g_object_ref (self);
  dialog_data->func = func;
  dialog_data->data = data;
  dialog_data->destroy = destroy;
  dialog_data->rows = g_ptr_array_new ();
  return dialog_data;
}

static void
dialog_data_free (gpointer pointer)
{
  DialogData *dialog_data = pointer;

  if (dialog_data->destroy != NULL)
    dialog_data->destroy (dialog_data->data);
  g_ptr_array_unref (dialog_data->rows);
  g_object_unref (dialog_data->self);
  g_free (dialog_data);
}

static gboolean
dialog_data_alive (DialogData *dialog_data)
{
  return !kh_value_pane_is_closed (dialog_data->self);
}

static GtkWindow *
parent_window (KhValuePane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     DialogData       *dialog_data)
{
  if (g_strcmp0 (response, "confirm") == 0 && dialog_data_alive (dialog_data))
    ((KhValuePaneConfirmFunc) dialog_data->func) (dialog_data->self, dialog_data->data);
}

void
kh_value_pane_confirm (KhValuePane            *self,
                       const char             *heading,
                       const char             *body,
                       const char             *action_label,
                       KhValuePaneConfirmFunc  func,
                       gpointer                data,
                       GDestroyNotify          destroy)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (KH_IS_VALUE_PANE (self));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "confirm", action_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_response),
                         dialog_data_new (self, G_CALLBACK (func), data, destroy),
                         (GClosureNotify) (void (*) (void)) dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_ask_response (AdwMessageDialog *dialog,
                 const char       *response,
                 DialogData       *dialog_data)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  if (g_strcmp0 (response, "ok") != 0 || !dialog_data_alive (dialog_data))
    return;
  for (guint i = 0; i < dialog_data->rows->len; i++)
    g_ptr_array_add (values, (gpointer) gtk_editable_get_text (g_ptr_array_index (dialog_data->rows, i)));
  g_ptr_array_add (values, NULL);
  ((KhValuePaneAskFunc) dialog_data->func) (dialog_data->self, (const char * const *) values->pdata,
                                            dialog_data->data);
}

void
kh_value_pane_ask (KhValuePane        *self,
                   const char         *heading,
                   const char         *body,
                   const char * const *labels,
                   const char         *action_label,
                   KhValuePaneAskFunc  func,
                   gpointer            data,
                   GDestroyNotify      destroy)
{
  DialogData *dialog_data;
  AdwMessageDialog *dialog;
  GtkWidget *list;

  g_return_if_fail (KH_IS_VALUE_PANE (self));
  g_return_if_fail (labels != NULL && labels[0] != NULL);

  dialog_data = dialog_data_new (self, G_CALLBACK (func), data, destroy);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, body));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; labels[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), labels[i]);
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (dialog_data->rows, row);
    }
  adw_message_dialog_set_extra_child (dialog, list);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ok", action_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_ask_response), dialog_data,
                         (GClosureNotify) (void (*) (void)) dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (g_ptr_array_index (dialog_data->rows, 0));
}

static void
on_conflict_response (KhConflictDialog *dialog,
                      const char       *response,
                      DialogData       *dialog_data)
{
  if (dialog_data_alive (dialog_data))
    ((KhValuePaneConflictFunc) dialog_data->func) (dialog_data->self, response,
                                                   kh_conflict_dialog_get_conflict (dialog),
                                                   dialog_data->data);
}

void
kh_value_pane_resolve_conflict (KhValuePane            *self,
                                const KhValueConflict  *conflict,
                                const char             *overwrite_label,
                                KhValuePaneConflictFunc func,
                                gpointer                data,
                                GDestroyNotify          destroy)
{
  KhConflictDialog *dialog;

  g_return_if_fail (KH_IS_VALUE_PANE (self));
  g_return_if_fail (conflict != NULL);

  dialog = kh_conflict_dialog_new (parent_window (self), conflict, overwrite_label);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_conflict_response),
                         dialog_data_new (self, G_CALLBACK (func), data, destroy),
                         (GClosureNotify) (void (*) (void)) dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

