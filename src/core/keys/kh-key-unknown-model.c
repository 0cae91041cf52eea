/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-unknown-model.c: the keys of a key list whose details are not known
 *
 * The TTL and size orders show the keys whose details are known, sorted,
 * then this model: every other key of the list, in its order, so that no key
 * is hidden by choosing an order. It has no list of its own: it keeps the
 * positions the known keys have in the list, sorted, each less the number of
 * known keys before it (its rank among the others), and finds the list
 * position of a row by a binary search over those. Known keys are a bounded
 * cache (KH_KEY_METADATA_CACHE_SIZE), the list may hold millions of keys.
 */
#include "config.h"

#include <string.h>

#include "kh-key-item.h"
#include "kh-key-unknown-model.h"

struct _KhKeyUnknownModel {
  GObject         parent_instance;

  KhKeyListModel *keys;
  GListModel     *known;
  GArray         *ranks;     /* guint per known key in the list: position - known keys before it */
  guint           n_items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhKeyUnknownModel, kh_key_unknown_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
kh_key_unknown_model_get_item_type (GListModel *model)
{
  return KH_TYPE_KEY_ITEM;
}

static guint
kh_key_unknown_model_get_n_items (GListModel *model)
{
  return KH_KEY_UNKNOWN_MODEL (model)->n_items;
}

static gpointer
kh_key_unknown_model_get_item (GListModel *model,
                               guint       position)
{
  KhKeyUnknownModel *self = KH_KEY_UNKNOWN_MODEL (model);
  guint lo = 0, hi = self->ranks->len;

  if (position >= self->n_items)
    return NULL;

  /* The known keys ranked at or before @position come before it */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->ranks, guint, mid) <= position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return g_list_model_get_item (G_LIST_MODEL (self->keys), position + lo);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_key_unknown_model_get_item_type;
  iface->get_n_items = kh_key_unknown_model_get_n_items;
  iface->get_item = kh_key_unknown_model_get_item;
}

/* The position of @key in the list, or G_MAXUINT */
static guint
list_position (KhKeyUnknownModel *self,
               KhKeyIndex        *index,
               guint              n,
               const char        *key,
               gsize              len)
{
  char delimiter = kh_key_index_get_delimiter (index);
  guint lo = 0, hi = n;
  gsize mlen;
  const char *m;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      m = kh_key_index_get_key (index, kh_key_list_model_get_key_id (self->keys, mid), &mlen);
      if (kh_key_compare (m, mlen, key, len, delimiter) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == n)
    return G_MAXUINT;
  m = kh_key_index_get_key (index, kh_key_list_model_get_key_id (self->keys, lo), &mlen);
  return mlen == len && memcmp (m, key, len) == 0 ? lo : G_MAXUINT;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = *(const guint *) a, pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

static void
compute (KhKeyUnknownModel *self)
{
  KhKeyIndex *index = kh_key_list_model_get_index (self->keys);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->keys));
  guint n_known = g_list_model_get_n_items (self->known);

  g_array_set_size (self->ranks, 0);
  for (guint i = 0; i < n_known && n > 0; i++)
    {
      g_autoptr(KhKeyItem) item = g_list_model_get_item (self->known, i);
      gsize len;
      const char *key = g_bytes_get_data (kh_key_item_get_key (item), &len);
      guint position = list_position (self, index, n, key != NULL ? key : "", len);

      if (position != G_MAXUINT)
        g_array_append_val (self->ranks, position);
    }
  g_array_sort (self->ranks, compare_positions);
  /* A key twice in @known counts once */
  {
    guint out = 0;

    for (guint i = 0; i < self->ranks->len; i++)
      {
        guint position = g_array_index (self->ranks, guint, i);

        if (out == 0 || g_array_index (self->ranks, guint, out - 1) != position)
          g_array_index (self->ranks, guint, out++) = position;
      }
    g_array_set_size (self->ranks, out);
  }
  for (guint j = 0; j < self->ranks->len; j++)
    g_array_index (self->ranks, guint, j) -= j;
  self->n_items = n - self->ranks->len;
}

guint
kh_key_unknown_model_get_position (KhKeyUnknownModel *self,
                                   const char        *key,
                                   gsize              len)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->keys));
  guint position, lo = 0, hi;

  g_return_val_if_fail (KH_IS_KEY_UNKNOWN_MODEL (self), G_MAXUINT);
  g_return_val_if_fail (key != NULL || len == 0, G_MAXUINT);

  position = list_position (self, kh_key_list_model_get_index (self->keys), n, key != NULL ? key : "", len);
  if (position == G_MAXUINT)
    return G_MAXUINT;

  /* The known keys before it: the j-th is at list position rank + j */
  hi = self->ranks->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->ranks, guint, mid) + mid < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->ranks->len && g_array_index (self->ranks, guint, lo) + lo == position)
    return G_MAXUINT;
  return position - lo;
}

/**
 * kh_key_unknown_model_refresh:
 *
 * Reports every row replaced: known keys come and go in batches (details
 * arrive, a run of "Load All" ends), and their positions are spread over the
 * list.
 */
void
kh_key_unknown_model_refresh (KhKeyUnknownModel *self)
{
  guint old_n;

  g_return_if_fail (KH_IS_KEY_UNKNOWN_MODEL (self));

  old_n = self->n_items;
  compute (self);
  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

static void
on_keys_changed (KhKeyUnknownModel *self,
                 guint              position,
                 guint              removed,
                 guint              added,
                 GListModel        *keys)
{
  kh_key_unknown_model_refresh (self);
}

static void
kh_key_unknown_model_dispose (GObject *object)
{
  KhKeyUnknownModel *self = KH_KEY_UNKNOWN_MODEL (object);

  if (self->keys != NULL)
    g_signal_handlers_disconnect_by_data (self->keys, self);
  g_clear_object (&self->keys);
  g_clear_object (&self->known);

  G_OBJECT_CLASS (kh_key_unknown_model_parent_class)->dispose (object);
}

static void
kh_key_unknown_model_finalize (GObject *object)
{
  KhKeyUnknownModel *self = KH_KEY_UNKNOWN_MODEL (object);

  g_array_unref (self->ranks);

  G_OBJECT_CLASS (kh_key_unknown_model_parent_class)->finalize (object);
}

static void
kh_key_unknown_model_class_init (KhKeyUnknownModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_key_unknown_model_dispose;
  object_class->finalize = kh_key_unknown_model_finalize;
}

static void
kh_key_unknown_model_init (KhKeyUnknownModel *self)
{
  self->ranks = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* The known keys are looked at on kh_key_unknown_model_refresh() only; the
 * list is followed: a change of it is reported as a replacement of every row */
KhKeyUnknownModel *
kh_key_unknown_model_new (KhKeyListModel *keys,
                          GListModel     *known)
{
  KhKeyUnknownModel *self;

  g_return_val_if_fail (KH_IS_KEY_LIST_MODEL (keys), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (known), NULL);

  self = g_object_new (KH_TYPE_KEY_UNKNOWN_MODEL, NULL);
  self->keys = g_object_ref (keys);
  self->known = g_object_ref (known);
  compute (self);
  g_signal_connect_object (keys, "items-changed", G_CALLBACK (on_keys_changed), self, G_CONNECT_SWAPPED);
  return self;
}
