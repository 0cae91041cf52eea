/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-finding.c: the search entry, and selecting a key by name
 *
 * The entry filters the keys loaded as you type (a substring, or a glob
 * once it holds * ? or [), or, with the server pattern button, sends its
 * text as the SCAN pattern on Enter. kh_key_browser_select_key() finds a
 * key in the flat list, leaving the other orders, the tree and a filter
 * that hides it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kh-key-browser-private.h"

/* Finding */

static void
on_search_changed (KhKeyBrowser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  KhKeyFilterMode mode = strpbrk (text, "*?[") != NULL ? KH_KEY_FILTER_GLOB : KH_KEY_FILTER_SUBSTRING;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *filter = NULL;

  /* A server pattern is sent on Enter, not as you type */
  if (gtk_toggle_button_get_active (self->server_pattern_button))
    return;

  /* The filter matches bytes: typed \xHH escapes mean those bytes; a glob
   * keeps its backslashes, which escape glob characters */
  if (mode == KH_KEY_FILTER_SUBSTRING && strchr (text, '\\') != NULL)
    {
      bytes = kh_key_browser_unescape (text);
      filter = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  else
    filter = g_strdup (text);

  kh_key_browser_show_pending (self);
  kh_key_browser_begin_change (self);
  kh_key_list_model_set_filter (self->flat_model, filter, mode);
  self->filtered = *filter != '\0';
  kh_key_browser_end_change (self);

  _kh_key_browser_update_model (self);
  kh_key_browser_update_status (self);
}

static void
on_search_activate (KhKeyBrowser *self)
{
  if (gtk_toggle_button_get_active (self->server_pattern_button))
    {
      kh_key_browser_start_scan (self);
      return;
    }
  /* Enter in the filter: on to the first match */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
    }
}

static void
on_search_stop (KhKeyBrowser *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_server_pattern_toggled (KhKeyBrowser *self)
{
  gboolean active = gtk_toggle_button_get_active (self->server_pattern_button);

  g_object_set (self->search_entry, "placeholder-text",
                active ? _("Server pattern, then Enter (user:*)") : _("Filter loaded keys"),
                NULL);
  if (active)
    {
      /* The pattern now goes to the server: drop the local filter */
      kh_key_browser_begin_change (self);
      kh_key_list_model_set_filter (self->flat_model, NULL, KH_KEY_FILTER_SUBSTRING);
      self->filtered = FALSE;
      kh_key_browser_end_change (self);
      _kh_key_browser_update_model (self);
      kh_key_browser_update_status (self);
    }
  else
    {
      /* Back to every key if only a pattern's keys are loaded */
      if (self->scan_pattern != NULL && self->started)
        kh_key_browser_start_scan (self);
      on_search_changed (self);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

gboolean
kh_key_browser_select_key (KhKeyBrowser *self,
                           GBytes       *key)
{
  gsize len;
  const char *data;
  guint position;

  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  data = g_bytes_get_data (key, &len);
  if (data == NULL)
    data = "";
  kh_key_browser_show_pending (self);
  if (!kh_key_index_contains (self->index, data, len))
    return FALSE;

  if (self->sort != KH_KEY_BROWSER_SORT_NAME)
    gtk_drop_down_set_selected (self->sort_dropdown, KH_KEY_BROWSER_SORT_NAME);
  if (self->tree_view)
    kh_key_browser_set_view_mode (self, "list");

  position = _kh_key_browser_flat_position (self, data, len);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      /* Hidden by the filter */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      on_search_changed (self);
      position = _kh_key_browser_flat_position (self, data, len);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

void
_kh_key_browser_class_init_finding (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_server_pattern_toggled);
}
