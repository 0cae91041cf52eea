/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-selection.c: the selected key, and the value side
 *
 * The selected row's key shows in a value view beside the list (made on
 * first use); nothing selected, or a namespace, shows a placeholder that
 * names it. A value view that deletes or renames its key tells the list.
 * The placeholder is a large status page: it is shown in a frame of its
 * own, so that it does not add to the longest frame of a load.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kh-key-browser-private.h"
#include "kh-value-view.h"

/* Selection */

KhKeyItem *
kh_key_browser_item_from_row (gpointer object)
{
  if (object == NULL)
    return NULL;
  if (GTK_IS_TREE_LIST_ROW (object))
    return gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (object));
  return g_object_ref (object);
}

KhKeyItem *
kh_key_browser_dup_selected_item (KhKeyBrowser *self)
{
  return kh_key_browser_item_from_row (gtk_single_selection_get_selected_item (self->selection));
}

GBytes *
kh_key_browser_get_selected_key (KhKeyBrowser *self)
{
  g_autoptr(KhKeyItem) item = NULL;

  g_return_val_if_fail (KH_IS_KEY_BROWSER (self), NULL);

  item = kh_key_browser_dup_selected_item (self);
  return item != NULL ? kh_key_item_get_key (item) : NULL;
}

/* Selection and activation */

static void
on_value_key_deleted (KhKeyBrowser *self,
                      GBytes       *key)
{
  kh_key_browser_forget_key (self, key);
}

static void
on_value_key_renamed (KhKeyBrowser *self,
                      GBytes       *old_key,
                      GBytes       *new_key)
{
  kh_key_browser_forget_key (self, old_key);
  kh_key_browser_reveal_key (self, new_key);
}

static void
update_placeholder (KhKeyBrowser *self)
{
  g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  gsize len;
  const char *key;

  if (item != NULL)
    {
      key = g_bytes_get_data (kh_key_item_get_key (item), &len);
      name = kh_key_escape (key, len);
    }

  if (item == NULL)
    text = NULL;
  else if (kh_key_item_get_is_namespace (item))
    {
      g_autofree char *count = kh_key_browser_format_count (kh_key_item_get_n_keys (item));

      text = g_strdup_printf (ngettext ("Namespace %s with %s key", "Namespace %s with %s keys",
                                        kh_key_item_get_n_keys (item)),
                              name, count);
    }
  else if (kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED)
    text = g_strdup_printf ("%s · %s", name, kh_key_item_get_key_type (item));
  else
    text = g_steal_pointer (&name);

  adw_status_page_set_description (self->value_placeholder, text);
}

/* The selected key's value shows beside the list; namespaces show the placeholder. */
static void
update_value_view (KhKeyBrowser *self)
{
  g_autoptr(KhKeyItem) item = kh_key_browser_dup_selected_item (self);

  if (item == NULL || kh_key_item_get_is_namespace (item))
    {
      if (self->value_view != NULL)
        kh_value_view_set_key (KH_VALUE_VIEW (self->value_view), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->value_placeholder), TRUE);
      gtk_stack_set_visible_child (self->value_stack, GTK_WIDGET (self->value_placeholder));
      return;
    }

  if (self->value_view == NULL)
    {
      self->value_view = kh_value_view_new (self->session);
      gtk_stack_add_child (self->value_stack, self->value_view);
      g_signal_connect_object (self->value_view, "key-deleted", G_CALLBACK (on_value_key_deleted), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->value_view, "key-renamed", G_CALLBACK (on_value_key_renamed), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_stack_set_visible_child (self->value_stack, self->value_view);
  {
    GBytes *shown = kh_value_view_get_key (KH_VALUE_VIEW (self->value_view));
    GBytes *key = kh_key_item_get_key (item);

    if (shown == NULL || !g_bytes_equal (shown, key))
      kh_value_view_set_key_with_type (KH_VALUE_VIEW (self->value_view), key,
                                       kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED
                                         ? kh_key_item_get_key_type (item) : NULL);
  }
}

void
_kh_key_browser_on_selection_changed (KhKeyBrowser *self)
{
  if (self->selection_freeze > 0)
    return;
  kh_key_browser_update_actions (self);
  update_placeholder (self);
  update_value_view (self);
}

/* The value side's placeholder is a large status page, drawn in a frame of
 * its own: with the list's first rows or the browser's first frame, it made
 * the longest stall of a load. Shown after the next frame, by then nothing
 * else changes (a load holds its next view refresh while it waits). */
static void
on_placeholder_painted (GdkFrameClock *clock,
                        KhKeyBrowser  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_placeholder_painted, self);
  self->placeholder_waiting = FALSE;
}

static void
on_before_placeholder (GdkFrameClock *clock,
                       KhKeyBrowser  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_before_placeholder, self);
  gtk_widget_set_visible (GTK_WIDGET (self->value_placeholder), TRUE);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_placeholder_painted), self, 0);
}

void
kh_key_browser_show_placeholder_soon (KhKeyBrowser *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || self->placeholder_waiting ||
      gtk_widget_get_visible (GTK_WIDGET (self->value_placeholder)))
    return;
  self->placeholder_waiting = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_before_placeholder), self, 0);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}
