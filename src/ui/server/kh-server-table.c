/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-server-table.c: what the views of a table read from the server share
 *
 * A request holds its view until its reply arrives; the view's cancellable, cancelled
 * when the view is disposed, tells that nobody waits for it any more.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-server-table.h"
#include "kh-toast.h"

struct _KhServerTableRequest
{
  KhServerTableRequests *requests;   /* in the view, which this holds */
  GObject               *view;
  GCancellable          *cancellable;
  gpointer               data;
  GDestroyNotify         destroy;
};

void
kh_server_table_requests_init (KhServerTableRequests *requests,
                               GObject               *view,
                               GParamSpec            *loading)
{
  requests->view = view;
  requests->loading = loading;
  requests->cancellable = g_cancellable_new ();
  requests->n_pending = 0;
}

void
kh_server_table_requests_cancel (KhServerTableRequests *requests)
{
  g_cancellable_cancel (requests->cancellable);
}

void
kh_server_table_requests_clear (KhServerTableRequests *requests)
{
  g_clear_object (&requests->cancellable);
}

gboolean
kh_server_table_requests_loading (KhServerTableRequests *requests)
{
  return requests->n_pending > 0;
}

KhServerTableRequest *
kh_server_table_requests_start (KhServerTableRequests *requests,
                                gpointer               data,
                                GDestroyNotify         destroy)
{
  KhServerTableRequest *request = g_new0 (KhServerTableRequest, 1);

  request->requests = requests;
  request->view = g_object_ref (requests->view);
  request->cancellable = g_object_ref (requests->cancellable);
  request->data = data;
  request->destroy = destroy;
  requests->n_pending++;
  if (requests->n_pending == 1)
    g_object_notify_by_pspec (requests->view, requests->loading);
  return request;
}

GCancellable *
kh_server_table_request_get_cancellable (KhServerTableRequest *request)
{
  return request->cancellable;
}

gpointer
kh_server_table_request_finish (KhServerTableRequest *request)
{
  KhServerTableRequests *requests = request->requests;

  if (g_cancellable_is_cancelled (request->cancellable))
    return NULL;
  requests->n_pending--;
  if (requests->n_pending == 0)
    g_object_notify_by_pspec (requests->view, requests->loading);
  return request->view;
}

gpointer
kh_server_table_request_get_data (KhServerTableRequest *request)
{
  return request->data;
}

void
kh_server_table_request_free (KhServerTableRequest *request)
{
  if (request->destroy != NULL)
    request->destroy (request->data);
  g_object_unref (request->view);
  g_object_unref (request->cancellable);
  g_free (request);
}

void
kh_server_table_notify (GtkWidget  *view,
                        GtkLabel   *summary_label,
                        const char *text)
{
  kh_toast_show (view, text);
  gtk_label_set_label (summary_label, text);
}

void
kh_server_table_add_column (GtkColumnView      *view,
                            GtkListItemFactory *factory,
                            const char         *title,
                            GType               item_type,
                            const char         *property,
                            gboolean            numeric,
                            gboolean            expand)
{
  g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new (title, factory);
  GtkExpression *expression = gtk_property_expression_new (item_type, NULL, property);
  GtkSorter *sorter;

  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (numeric)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
  gtk_column_view_append_column (view, column);
}

GtkSortListModel *
kh_server_table_set_items (GtkColumnView *view,
                           GListModel    *items)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  GtkSortListModel *sorted;
  g_autoptr(GtkSingleSelection) selection = NULL;

  sorted = gtk_sort_list_model_new (g_object_ref (items), sorter != NULL ? g_object_ref (sorter) : NULL);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  return sorted;
}

AdwMessageDialog *
kh_server_table_new_confirmation (GtkWidget  *view,
                                  const char *heading,
                                  const char *body,
                                  const char *response,
                                  const char *label)
{
  GtkRoot *root = gtk_widget_get_root (view);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}
