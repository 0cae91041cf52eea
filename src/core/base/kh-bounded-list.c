/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-bounded-list.c: a list model that keeps the newest items only
 *
 * Items live in a ring; position 0 is the oldest. Appends are batched on a
 * short timer so that a stream of thousands of items a second costs the
 * views one update per batch.
 */
#include "config.h"

#include "kh-bounded-list.h"

#define FLUSH_INTERVAL_MS 100

struct _KhBoundedList
{
  GObject    parent_instance;

  GType      item_type;
  guint      max_items;

  gpointer  *ring;         /* max_items slots */
  guint      head;         /* slot of position 0 */
  guint      n_items;

  GPtrArray *queued;       /* appended, not yet in the model */
  guint      flush_source;
  guint64    n_evicted;
};

static void
unref_unless_null (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void kh_bounded_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhBoundedList, kh_bounded_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kh_bounded_list_model_init))

static GType
kh_bounded_list_get_item_type (GListModel *model)
{
  return KH_BOUNDED_LIST (model)->item_type;
}

static guint
kh_bounded_list_get_n_items (GListModel *model)
{
  return KH_BOUNDED_LIST (model)->n_items;
}

static gpointer
kh_bounded_list_get_item (GListModel *model,
                          guint       position)
{
  KhBoundedList *self = KH_BOUNDED_LIST (model);

  if (position >= self->n_items)
    return NULL;
  return g_object_ref (self->ring[(self->head + position) % self->max_items]);
}

static void
kh_bounded_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_bounded_list_get_item_type;
  iface->get_n_items = kh_bounded_list_get_n_items;
  iface->get_item = kh_bounded_list_get_item;
}

static void
kh_bounded_list_drop_oldest (KhBoundedList *self,
                             guint          count)
{
  for (guint i = 0; i < count; i++)
    {
      g_clear_object (&self->ring[self->head]);
      self->head = (self->head + 1) % self->max_items;
    }
  self->n_items -= count;
  self->n_evicted += count;
}

void
kh_bounded_list_flush (KhBoundedList *self)
{
  guint n_queued, skip, removed, added;

  g_return_if_fail (KH_IS_BOUNDED_LIST (self));

  g_clear_handle_id (&self->flush_source, g_source_remove);
  n_queued = self->queued->len;
  if (n_queued == 0)
    return;

  /* Of a batch larger than the whole list, only its newest items show. */
  skip = n_queued > self->max_items ? n_queued - self->max_items : 0;
  added = n_queued - skip;
  removed = self->n_items + added > self->max_items ? self->n_items + added - self->max_items : 0;
  self->n_evicted += skip;

  kh_bounded_list_drop_oldest (self, removed);
  for (guint i = skip; i < n_queued; i++)
    {
      guint slot = (self->head + self->n_items) % self->max_items;

      self->ring[slot] = g_steal_pointer (&self->queued->pdata[i]);
      self->n_items++;
    }
  g_ptr_array_set_size (self->queued, 0);

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), self->n_items - added, 0, added);
}

static gboolean
on_flush_timeout (gpointer user_data)
{
  KhBoundedList *self = user_data;

  self->flush_source = 0;
  kh_bounded_list_flush (self);
  return G_SOURCE_REMOVE;
}

void
kh_bounded_list_append (KhBoundedList *self,
                        gpointer       item)
{
  g_return_if_fail (KH_IS_BOUNDED_LIST (self));
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (item, self->item_type));

  /* Keep the queue within the bound too, for a stream faster than the timer. */
  if (self->queued->len >= self->max_items)
    {
      g_ptr_array_remove_index (self->queued, 0);
      self->n_evicted++;
    }
  g_ptr_array_add (self->queued, g_object_ref (item));
  if (self->flush_source == 0)
    self->flush_source = g_timeout_add (FLUSH_INTERVAL_MS, on_flush_timeout, self);
}

void
kh_bounded_list_clear (KhBoundedList *self)
{
  guint removed;

  g_return_if_fail (KH_IS_BOUNDED_LIST (self));

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_ptr_array_set_size (self->queued, 0);
  removed = self->n_items;
  kh_bounded_list_drop_oldest (self, removed);
  self->head = 0;
  self->n_evicted = 0;
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}

guint
kh_bounded_list_get_max_items (KhBoundedList *self)
{
  g_return_val_if_fail (KH_IS_BOUNDED_LIST (self), 0);
  return self->max_items;
}

void
kh_bounded_list_set_max_items (KhBoundedList *self,
                               guint          max_items)
{
  gpointer *ring;
  guint removed;

  g_return_if_fail (KH_IS_BOUNDED_LIST (self));
  g_return_if_fail (max_items > 0);

  if (max_items == self->max_items)
    return;

  removed = self->n_items > max_items ? self->n_items - max_items : 0;
  kh_bounded_list_drop_oldest (self, removed);

  ring = g_new0 (gpointer, max_items);
  for (guint i = 0; i < self->n_items; i++)
    ring[i] = self->ring[(self->head + i) % self->max_items];
  g_free (self->ring);
  self->ring = ring;
  self->head = 0;
  self->max_items = max_items;

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}

guint64
kh_bounded_list_get_n_evicted (KhBoundedList *self)
{
  g_return_val_if_fail (KH_IS_BOUNDED_LIST (self), 0);
  return self->n_evicted;
}

KhBoundedList *
kh_bounded_list_new (GType item_type,
                     guint max_items)
{
  KhBoundedList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (max_items > 0, NULL);

  self = g_object_new (KH_TYPE_BOUNDED_LIST, NULL);
  self->item_type = item_type;
  self->max_items = max_items;
  self->ring = g_new0 (gpointer, max_items);
  return self;
}

static void
kh_bounded_list_finalize (GObject *object)
{
  KhBoundedList *self = KH_BOUNDED_LIST (object);

  g_clear_handle_id (&self->flush_source, g_source_remove);
  for (guint i = 0; i < self->n_items; i++)
    g_object_unref (self->ring[(self->head + i) % self->max_items]);
  g_free (self->ring);
  g_ptr_array_unref (self->queued);

  G_OBJECT_CLASS (kh_bounded_list_parent_class)->finalize (object);
}

static void
kh_bounded_list_class_init (KhBoundedListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kh_bounded_list_finalize;
}

static void
kh_bounded_list_init (KhBoundedList *self)
{
  self->item_type = G_TYPE_OBJECT;
  self->queued = g_ptr_array_new_with_free_func (unref_unless_null);
}
