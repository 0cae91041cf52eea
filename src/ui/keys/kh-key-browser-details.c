/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-details.c: the details of every key shown, on request
 *
 * The TTL and size orders sort the keys whose details are known, which are
 * the keys that were on screen, and show the others after them: asking about
 * a million keys would cost three million commands. Where the keys shown are
 * few enough (KH_KEY_BROWSER_ALL_DETAILS_MAX), the note above those orders
 * offers to ask about the rest. A dialog says
 * first how many commands that is; the requests then go out in the
 * metadata's pipelined batches, the note counts them, and its button stops
 * them. The order is made again once the answers are in (or on stop), not
 * while they arrive, so that the list does not move under the pointer.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-key-browser-private.h"

/* How often the note's count is updated while answers arrive */
#define PROGRESS_INTERVAL_MS  250

static void
disconnect_items (KhKeyBrowser *self)
{
  if (self->all_details_items == NULL)
    return;
  for (guint i = 0; i < self->all_details_items->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->all_details_items, i), self);
  g_clear_pointer (&self->all_details_items, g_ptr_array_unref);
}

static void
update_progress (KhKeyBrowser *self)
{
  g_autofree char *done = kh_key_browser_format_count (self->all_details_done);
  g_autofree char *total = kh_key_browser_format_count (self->all_details_total);
  /* Translators: details loaded so far, then how many keys are asked about */
  g_autofree char *text = g_strdup_printf (_("Loading details: %s of %s keys…"), done, total);

  gtk_label_set_text (self->note_label, text);
}

static gboolean
on_progress_timeout (gpointer data)
{
  KhKeyBrowser *self = data;

  update_progress (self);
  return G_SOURCE_CONTINUE;
}

/* Stops following the answers and shows the order of what is known then */
static void
finish (KhKeyBrowser *self)
{
  kh_key_browser_stop_all_details (self);
  kh_key_browser_update_all_details (self);
  kh_key_browser_refresh_sorted (self);
  /* A new order: from its start, the largest keys or the soonest to expire */
  if (self->sort != KH_KEY_BROWSER_SORT_NAME && g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

static void
on_item_state (KhKeyItem    *item,
               GParamSpec   *pspec,
               KhKeyBrowser *self)
{
  KhKeyMetadataState state = kh_key_item_get_metadata_state (item);

  if (state == KH_KEY_METADATA_LOADING || state == KH_KEY_METADATA_NONE)
    return;
  if (state == KH_KEY_METADATA_LOADED)
    kh_key_browser_remember_known (self, item);
  g_signal_handlers_disconnect_by_data (item, self);
  if (++self->all_details_done >= self->all_details_total)
    finish (self);
}

static void
start (KhKeyBrowser *self)
{
  GListModel *model = G_LIST_MODEL (self->flat_model);
  guint n = g_list_model_get_n_items (model);

  kh_key_browser_stop_all_details (self);
  self->all_details_items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhKeyItem) item = g_list_model_get_item (model, i);

      if (kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED)
        {
          kh_key_browser_remember_known (self, item);
          continue;
        }
      g_ptr_array_add (self->all_details_items, g_object_ref (item));
    }
  self->all_details_total = self->all_details_items->len;
  if (self->all_details_total == 0)
    {
      finish (self);
      return;
    }

  for (guint i = 0; i < self->all_details_items->len; i++)
    {
      KhKeyItem *item = g_ptr_array_index (self->all_details_items, i);

      g_signal_connect (item, "notify::metadata-state", G_CALLBACK (on_item_state), self);
      /* The cache answers at once for keys it knows, so an answer can end
       * the whole run before the loop does */
      if (self->economy)
        kh_key_metadata_request_now (self->metadata, item);
      else
        kh_key_metadata_request (self->metadata, item);
      if (self->all_details_items == NULL)
        return;
    }
  self->all_details_timeout = g_timeout_add (PROGRESS_INTERVAL_MS, on_progress_timeout, self);
  update_progress (self);
  kh_key_browser_update_all_details (self);
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     KhKeyBrowser     *self)
{
  if (g_strcmp0 (response, "load") == 0 && self->sort != KH_KEY_BROWSER_SORT_NAME)
    start (self);
}

static void
all_details_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KhKeyBrowser *self = KH_KEY_BROWSER (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->flat_model));
  g_autofree char *count = kh_key_browser_format_count (n);
  g_autofree char *commands = kh_key_browser_format_count ((guint64) n * (self->economy ? 2 : 3));
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->all_details_items != NULL)
    {
      /* The button reads "Stop" meanwhile */
      kh_key_metadata_cancel_pending (self->metadata);
      finish (self);
      kh_key_browser_request_bound_details (self);
      return;
    }

  heading = g_strdup_printf (ngettext ("Load the Details of %s Key?", "Load the Details of %s Keys?", n), count);
  if (self->economy)
    body = g_strdup_printf (_("Keyhole asks the server for the type and TTL of each key it has no details for: "
                              "up to %s commands, sent in batches. This profile saves commands, so sizes are "
                              "not asked for."), commands);
  else
    body = g_strdup_printf (_("Keyhole asks the server for the type, TTL and size of each key it has no details "
                              "for: up to %s commands, sent in batches."), commands);
  dialog = kh_key_browser_new_dialog (self, heading, body);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "load", _("_Load Details"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "load", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "load");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Shows the note's button while details are asked for ("Stop"), or while
 * some of the keys shown, no more than KH_KEY_BROWSER_ALL_DETAILS_MAX, have
 * no place in the TTL or size order */
void
kh_key_browser_update_all_details (KhKeyBrowser *self)
{
  gboolean running = self->all_details_items != NULL;
  gboolean offered;
  guint n, n_known;

  /* Disposed */
  if (self->flat_model == NULL || self->sorted_store == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->flat_model));
  n_known = g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store));
  offered = self->sort != KH_KEY_BROWSER_SORT_NAME && !self->loading && n_known < n && n <= KH_KEY_BROWSER_ALL_DETAILS_MAX;

  if (running)
    gtk_button_set_label (self->all_details_button, _("Stop"));
  else
    gtk_button_set_label (self->all_details_button, _("Load All…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->all_details_button),
                               running ? _("Stop asking for the details of the keys")
                                       : _("Ask the server for the details of every key shown"));
  gtk_widget_set_visible (GTK_WIDGET (self->all_details_button), running || offered);
}

/* Forgets a run in progress (what was asked for still arrives, into the
 * metadata's cache); the caller updates the note */
void
kh_key_browser_stop_all_details (KhKeyBrowser *self)
{
  g_clear_handle_id (&self->all_details_timeout, g_source_remove);
  disconnect_items (self);
  self->all_details_done = 0;
  self->all_details_total = 0;
}

void
kh_key_browser_class_init_all_details (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "browser.all-details", NULL, all_details_action);
}
