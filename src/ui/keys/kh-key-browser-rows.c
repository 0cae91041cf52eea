/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-browser-rows.c: the flat list of keys as the key browser's list view
 * sees it
 *
 * Passes a GListModel through, except for a report that every row was
 * replaced (what KhKeyListModel sends for each change of an unfiltered
 * index). Given such a report, GtkListView's item manager and
 * GtkSingleSelection look for their rows among all the new ones, one
 * g_list_model_get_item() per row: a million items made for each refresh.
 * Instead, the browser names the rows that stay ("pins": the rows on screen
 * and the selected row, with their old and new positions), and the change is
 * reported as the runs between them, so nothing that GTK tracks is ever
 * removed, and the view keeps its place.
 *
 * Between two runs the list is part new, part old: rows before the current
 * run are read from the new model; after it, a pinned row is the same object
 * as before (the model keeps one object per key) and any other row is a
 * blank stand-in, replaced by a later run of the same change. GTK asks for
 * such rows (GtkSingleSelection and the list view look at rows around a
 * change), and a row it gets must never be missing nor appear twice.
 *
 * A limit can hold the list to its first rows: GtkListView (GTK 4.8) makes
 * a widget for each of up to 200 rows at once, tens of milliseconds when the
 * first keys arrive; raised a step per frame, that work is spread out.
 */
#include "config.h"

#include "kh-key-browser-private.h"

struct _KhKeyBrowserRows {
  GObject                  parent_instance;

  GListModel              *model;
  guint                    n_items;
  guint                    limit;    /* G_MAXUINT: none */
  KhKeyBrowserRowsPinFunc  pin_func;
  gpointer                 pin_data;

  /* During a change: rows from @split on are the old rows from @old_split */
  GArray                  *pins;
  guint                    split;
  guint                    old_split;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhKeyBrowserRows, kh_key_browser_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
kh_key_browser_rows_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (KH_KEY_BROWSER_ROWS (model)->model);
}

static guint
kh_key_browser_rows_get_n_items (GListModel *model)
{
  return KH_KEY_BROWSER_ROWS (model)->n_items;
}

/* Made a namespace so that nothing asks the server about it; it is gone
 * before the next frame */
static gpointer
blank_row (void)
{
  g_autoptr(GBytes) key = g_bytes_new_static ("", 0);

  return kh_key_item_new (key, "", TRUE, 0);
}

/* A row of the list as it was before the change under way */
static gpointer
old_row (KhKeyBrowserRows *self,
         guint             old_position)
{
  guint lo = 0, hi = self->pins->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const KhKeyBrowserRowsPin *pin = &g_array_index (self->pins, KhKeyBrowserRowsPin, mid);

      if (pin->old_position == old_position)
        return g_list_model_get_item (self->model, pin->new_position);
      if (pin->old_position < old_position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return blank_row ();
}

static gpointer
kh_key_browser_rows_get_item (GListModel *model,
                              guint       position)
{
  KhKeyBrowserRows *self = KH_KEY_BROWSER_ROWS (model);

  if (position >= self->n_items)
    return NULL;
  if (self->pins == NULL || position < self->split)
    return g_list_model_get_item (self->model, position);
  return old_row (self, self->old_split + (position - self->split));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_key_browser_rows_get_item_type;
  iface->get_n_items = kh_key_browser_rows_get_n_items;
  iface->get_item = kh_key_browser_rows_get_item;
}

static void
emit_run (KhKeyBrowserRows *self,
          guint             position,
          guint             removed,
          guint             added)
{
  if (removed == 0 && added == 0)
    return;
  self->n_items = self->n_items - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
on_items_changed (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  KhKeyBrowserRows *self)
{
  g_autoptr(GArray) pins = NULL;
  guint old_done = 0, new_done = 0;
  guint n_old = self->n_items;

  if (self->limit != G_MAXUINT)
    {
      /* Held to the first rows: nothing on screen yet to keep */
      guint n_new = MIN (g_list_model_get_n_items (model), self->limit);

      if (position < n_old || position < n_new)
        {
          self->n_items = n_new;
          g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, n_new);
        }
      return;
    }

  if (position != 0 || removed != n_old || n_old == 0 || added == 0 || self->pin_func == NULL)
    {
      emit_run (self, position, removed, added);
      return;
    }

  pins = self->pin_func (self, self->pin_data);
  if (pins == NULL)
    pins = g_array_new (FALSE, FALSE, sizeof (KhKeyBrowserRowsPin));
  /* Only the pins in order in both lists, and in range, are kept */
  for (guint i = 0; i < pins->len;)
    {
      const KhKeyBrowserRowsPin *pin = &g_array_index (pins, KhKeyBrowserRowsPin, i);

      if (pin->old_position < old_done || pin->new_position < new_done ||
          pin->old_position >= n_old || pin->new_position >= added)
        {
          g_array_remove_index (pins, i);
          continue;
        }
      old_done = pin->old_position + 1;
      new_done = pin->new_position + 1;
      i++;
    }

  self->pins = pins;
  old_done = new_done = 0;
  for (guint i = 0; i < pins->len; i++)
    {
      const KhKeyBrowserRowsPin *pin = &g_array_index (pins, KhKeyBrowserRowsPin, i);

      self->split = pin->new_position;
      self->old_split = pin->old_position;
      emit_run (self, new_done, pin->old_position - old_done, pin->new_position - new_done);
      old_done = pin->old_position + 1;
      new_done = pin->new_position + 1;
    }
  self->split = added;
  self->old_split = n_old;
  emit_run (self, new_done, n_old - old_done, added - new_done);
  self->pins = NULL;
  g_warn_if_fail (self->n_items == g_list_model_get_n_items (self->model));
}

static void
kh_key_browser_rows_dispose (GObject *object)
{
  KhKeyBrowserRows *self = KH_KEY_BROWSER_ROWS (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kh_key_browser_rows_parent_class)->dispose (object);
}

static void
kh_key_browser_rows_class_init (KhKeyBrowserRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kh_key_browser_rows_dispose;
}

static void
kh_key_browser_rows_init (KhKeyBrowserRows *self)
{
  self->limit = G_MAXUINT;
}

/* Shows at most the first @limit rows (G_MAXUINT: all of them) */
void
kh_key_browser_rows_set_limit (KhKeyBrowserRows *self,
                               guint             limit)
{
  guint n_old = self->n_items;
  guint n_new;

  self->limit = limit;
  n_new = MIN (g_list_model_get_n_items (self->model), limit);
  if (n_new == n_old)
    return;
  self->n_items = n_new;
  if (n_new > n_old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_old, 0, n_new - n_old);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), n_new, n_old - n_new, 0);
}

guint
kh_key_browser_rows_get_limit (KhKeyBrowserRows *self)
{
  return self->limit;
}

/* @pin_func: called during a replacement of every row, once @model is
 * changed, for the rows that stay */
KhKeyBrowserRows *
kh_key_browser_rows_new (GListModel              *model,
                         KhKeyBrowserRowsPinFunc  pin_func,
                         gpointer                 pin_data)
{
  KhKeyBrowserRows *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (KH_TYPE_KEY_BROWSER_ROWS, NULL);
  self->model = g_object_ref (model);
  self->n_items = g_list_model_get_n_items (model);
  self->pin_func = pin_func;
  self->pin_data = pin_data;
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}
