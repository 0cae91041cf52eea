/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-pins.c: the rows that stay in place when the keys change
 *
 * KhKeyBrowserRows (kh-key-browser-rows.c) reports a change of the flat
 * list, or of the keys without details after the TTL or size order, as the
 * runs between the rows that stay. This file says which rows those are: the
 * ones on screen, the focused and selected ones, and the last row the list
 * view has, each with where its key is after the change. Few pins on
 * purpose: each one splits the change in one more report.
 */
#include "config.h"

#include "kh-key-browser-private.h"

static int
compare_pins (gconstpointer a,
              gconstpointer b)
{
  const KhKeyBrowserRowsPin *pa = a, *pb = b;

  return pa->old_position < pb->old_position ? -1 : pa->old_position > pb->old_position;
}

/* Where a row's key is after the change: in the flat list, or among the
 * keys without details after the TTL or size order */
static guint
new_position (KhKeyBrowser *self,
              gboolean      unknown,
              const char   *key,
              gsize         len)
{
  guint position;

  if (!unknown)
    return _kh_key_browser_flat_position (self, key, len);
  position = kh_key_unknown_model_get_position (self->unknown_model, key, len);
  return position == G_MAXUINT ? GTK_INVALID_LIST_POSITION : position;
}

/* @offset: the rows of the list view before those of the changing model */
static void
add_pin (KhKeyBrowser *self,
         GArray       *pins,
         guint         offset,
         gboolean      unknown,
         guint         list_position,
         KhKeyItem    *item)
{
  KhKeyBrowserRowsPin pin;
  gsize len;
  const char *key;

  if (item == NULL || list_position == GTK_INVALID_LIST_POSITION || list_position < offset ||
      kh_key_item_get_is_namespace (item))
    return;
  key = g_bytes_get_data (kh_key_item_get_key (item), &len);
  pin.old_position = list_position - offset;
  pin.new_position = new_position (self, unknown, key != NULL ? key : "", len);
  if (pin.new_position != GTK_INVALID_LIST_POSITION)
    g_array_append_val (pins, pin);
}

/* The rows that stay when the flat list changes: those on screen (GTK
 * tracks the top one and the focused one), the selected one, and the last
 * row GtkListView has: GTK looks for the rows a change removes among all
 * those it adds, one g_list_model_get_item() each, which after that row is
 * every key to the end. Not the other rows GtkListView has off screen: each
 * pin splits the change in one more report, and GTK (4.8) binds again every
 * row after a report in its range; pinning all its 200 rows made a refresh
 * of a loading list take 10-20 ms and 1,300-6,100 binds. The same for the
 * keys without details after the TTL or size order, @offset rows down. */
static GArray *
collect_pins (KhKeyBrowser *self,
              GListModel   *shown,
              guint         offset,
              gboolean      unknown)
{
  GtkWidget *focus = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));
  int height = gtk_widget_get_height (GTK_WIDGET (self->scroller));
  KhKeyBrowserRow *last = NULL;
  guint last_position = 0;
  GArray *pins;
  GHashTableIter iter;
  gpointer key;

  if (gtk_single_selection_get_model (self->selection) != shown)
    return NULL;

  pins = g_array_new (FALSE, FALSE, sizeof (KhKeyBrowserRowsPin));
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      KhKeyBrowserRow *row = key;
      GtkWidget *child = gtk_list_item_get_child (row->list_item);
      guint position = gtk_list_item_get_position (row->list_item);
      graphene_rect_t bounds;

      if (child == NULL)
        continue;
      if (last == NULL || position > last_position)
        {
          last = row;
          last_position = position;
        }
      if ((focus != NULL && gtk_widget_get_parent (child) == focus) ||
          (gtk_widget_compute_bounds (child, GTK_WIDGET (self->scroller), &bounds) &&
           bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height))
        add_pin (self, pins, offset, unknown, position, row->item);
    }
  if (last != NULL)
    add_pin (self, pins, offset, unknown, last_position, last->item);
  add_pin (self, pins, offset, unknown, gtk_single_selection_get_selected (self->selection),
           gtk_single_selection_get_selected_item (self->selection));
  g_array_sort (pins, compare_pins);
  return pins;
}

GArray *
_kh_key_browser_pin_rows (KhKeyBrowserRows *rows,
                          gpointer          user_data)
{
  return collect_pins (user_data, G_LIST_MODEL (rows), 0, FALSE);
}

GArray *
_kh_key_browser_pin_unknown_rows (KhKeyBrowserRows *rows,
                                  gpointer          user_data)
{
  KhKeyBrowser *self = user_data;

  return collect_pins (self, G_LIST_MODEL (self->sorted_model),
                       g_list_model_get_n_items (G_LIST_MODEL (self->sorted_store)), TRUE);
}
