/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-list-model.c: the flat, optionally filtered, list of keys
 *
 * A GListModel over the index's sorted ids; rows (KhKeyItem) are made only
 * when asked for. Items still alive elsewhere are found again (weakly
 * tracked, so a row keeps its object and the metadata the browser stored on
 * it), and a few recent ones are kept.
 *
 * Unfiltered, the model has no list of its own and reports every change of
 * the index as one replacement of all rows (the browser should refresh the
 * view at a throttled rate while a scan runs). Filtered, it keeps the
 * matching ids, tests only new keys on each change, and reports the exact
 * rows that came and went.
 */
#include "config.h"

#include <string.h>

#include "kh-key-item.h"
#include "kh-key-list-model.h"

#define N_RECENT 8

struct _KhKeyListModel {
  GObject          parent_instance;

  KhKeyIndex      *index;
  char            *filter;
  KhKeyFilterMode  filter_mode;

  GArray          *matches;         /* guint32 ids in order; NULL when unfiltered */
  guint32          matched_upto;    /* ids below this were tested */
  guint64          generation;
  guint64          n_revived;
  guint            n_items;

  /* While a diff is reported: rows before splice_new come from
   * pending_matches, the rest from matches starting at splice_old */
  GArray          *pending_matches;
  guint            splice_new;
  guint            splice_old;

  GHashTable      *live;            /* GBytes key -> KhKeyItem, weak */
  KhKeyItem       *recent[N_RECENT];
  guint            recent_next;
};

enum {
  PROP_0,
  PROP_INDEX,
  PROP_FILTER,
  PROP_FILTER_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhKeyListModel, kh_key_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
item_finalized (gpointer  data,
                GObject  *where_the_object_was)
{
  KhKeyListModel *self = data;

  /* Still valid during dispose: the item unrefs its key in finalize */
  g_hash_table_remove (self->live, kh_key_item_get_key ((KhKeyItem *) where_the_object_was));
}

static gboolean
unwatch_item (gpointer key,
              gpointer value,
              gpointer data)
{
  g_object_weak_unref (value, item_finalized, data);
  return TRUE;
}

static guint32
id_at (KhKeyListModel *self,
       guint           position)
{
  if (self->pending_matches != NULL)
    {
      if (position < self->splice_new)
        return g_array_index (self->pending_matches, guint32, position);
      return g_array_index (self->matches, guint32, position - self->splice_new + self->splice_old);
    }

  if (self->matches != NULL)
    return g_array_index (self->matches, guint32, position);

  return kh_key_index_get_sorted (self->index, NULL)[position];
}

static GType
kh_key_list_model_get_item_type (GListModel *model)
{
  return KH_TYPE_KEY_ITEM;
}

static guint
kh_key_list_model_get_n_items (GListModel *model)
{
  return KH_KEY_LIST_MODEL (model)->n_items;
}

static gpointer
kh_key_list_model_get_item (GListModel *model,
                            guint       position)
{
  KhKeyListModel *self = KH_KEY_LIST_MODEL (model);
  g_autoptr(GBytes) lookup = NULL;
  g_autofree char *name = NULL;
  KhKeyItem *item;
  const char *key;
  gsize len;
  guint32 id;

  if (position >= self->n_items)
    return NULL;

  id = id_at (self, position);
  key = kh_key_index_get_key (self->index, id, &len);

  lookup = g_bytes_new_static (key, len);
  item = g_hash_table_lookup (self->live, lookup);
  if (item != NULL)
    return g_object_ref (item);

  name = kh_key_escape (key, len);
  g_clear_pointer (&lookup, g_bytes_unref);
  lookup = g_bytes_new (key, len);
  item = kh_key_item_new (lookup, name, FALSE, 1);

  g_hash_table_insert (self->live, kh_key_item_get_key (item), item);
  g_object_weak_ref (G_OBJECT (item), item_finalized, self);

  g_clear_object (&self->recent[self->recent_next]);
  self->recent[self->recent_next] = g_object_ref (item);
  self->recent_next = (self->recent_next + 1) % N_RECENT;

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kh_key_list_model_get_item_type;
  iface->get_n_items = kh_key_list_model_get_n_items;
  iface->get_item = kh_key_list_model_get_item;
}

static void
report_change (guint    position,
               guint    removed,
               guint    added,
               guint    old_done,
               guint    new_done,
               gpointer user_data)
{
  KhKeyListModel *self = user_data;

  self->splice_new = new_done;
  self->splice_old = old_done;
  self->n_items = new_done + (self->matches->len - old_done);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* Replaces the matches, reporting the rows that changed */
static void
swap_matches (KhKeyListModel *self,
              GArray         *new_matches)
{
  guint old_n = self->n_items;

  if (self->matches == NULL)
    {
      self->matches = new_matches;
      self->n_items = new_matches->len;
      if (old_n > 0 || self->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
      return;
    }

  self->pending_matches = new_matches;
  self->splice_new = 0;
  self->splice_old = 0;
  kh_key_index_diff (self->index,
                     (const guint32 *) (gpointer) self->matches->data, self->matches->len,
                     (const guint32 *) (gpointer) new_matches->data, new_matches->len,
                     NULL, report_change, self);
  self->pending_matches = NULL;

  g_array_unref (self->matches);
  self->matches = new_matches;
  self->n_items = new_matches->len;
}

static void
mark_tested (KhKeyListModel *self)
{
  self->matched_upto = kh_key_index_get_n_ids (self->index);
  self->generation = kh_key_index_get_generation (self->index);
  self->n_revived = kh_key_index_get_n_revived (self->index);
}

static GArray *
filter_all (KhKeyListModel *self)
{
  GArray *matches;

  matches = kh_key_index_filter (self->index, self->filter, strlen (self->filter),
                                 self->filter_mode, NULL, NULL);
  mark_tested (self);
  return matches;
}

/* Keeps the matches that are still live and merges in the new keys that match */
static GArray *
filter_incremental (KhKeyListModel *self)
{
  guint32 n_ids = kh_key_index_get_n_ids (self->index);
  gsize filter_len = strlen (self->filter);
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *matches;
  char delimiter = kh_key_index_get_delimiter (self->index);
  gssize i, j, w;

  for (guint32 id = self->matched_upto; id < n_ids; id++)
    {
      const char *key;
      gsize len;

      if (kh_key_index_is_removed (self->index, id))
        continue;

      key = kh_key_index_get_key (self->index, id, &len);
      if (kh_key_filter_match (self->filter, filter_len, self->filter_mode, key, len))
        g_array_append_val (fresh, id);
    }
  kh_key_index_sort_ids (self->index, (guint32 *) (gpointer) fresh->data, fresh->len);
  mark_tested (self);

  matches = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->matches->len + fresh->len);
  for (guint r = 0; r < self->matches->len; r++)
    {
      guint32 id = g_array_index (self->matches, guint32, r);

      if (!kh_key_index_is_removed (self->index, id))
        g_array_append_val (matches, id);
    }

  /* Merge from the back */
  i = (gssize) matches->len - 1;
  j = (gssize) fresh->len - 1;
  g_array_set_size (matches, matches->len + fresh->len);
  w = (gssize) matches->len - 1;
  while (j >= 0)
    {
      guint32 a = i >= 0 ? g_array_index (matches, guint32, i) : 0;
      guint32 b = g_array_index (fresh, guint32, j);
      gsize alen, blen;
      const char *ka, *kb;

      if (i >= 0)
        {
          ka = kh_key_index_get_key (self->index, a, &alen);
          kb = kh_key_index_get_key (self->index, b, &blen);
          if (kh_key_compare (ka, alen, kb, blen, delimiter) > 0)
            {
              g_array_index (matches, guint32, w--) = a;
              i--;
              continue;
            }
        }
      g_array_index (matches, guint32, w--) = b;
      j--;
    }

  return matches;
}

static void
on_index_changed (KhKeyListModel *self,
                  KhKeyIndex     *index)
{
  guint old_n = self->n_items;

  if (self->filter == NULL)
    {
      self->n_items = kh_key_index_get_n_keys (index);
      if (old_n > 0 || self->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
      return;
    }

  if (self->generation != kh_key_index_get_generation (index) ||
      self->n_revived != kh_key_index_get_n_revived (index))
    {
      /* Ids were renumbered: the old list cannot be compared with the new one */
      g_clear_pointer (&self->matches, g_array_unref);
      swap_matches (self, filter_all (self));
    }
  else
    swap_matches (self, filter_incremental (self));
}

static void
kh_key_list_model_dispose (GObject *object)
{
  KhKeyListModel *self = (KhKeyListModel *) object;

  for (guint i = 0; i < N_RECENT; i++)
    g_clear_object (&self->recent[i]);
  if (self->live != NULL)
    g_hash_table_foreach_remove (self->live, unwatch_item, self);
  if (self->index != NULL)
    g_signal_handlers_disconnect_by_data (self->index, self);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (kh_key_list_model_parent_class)->dispose (object);
}

static void
kh_key_list_model_finalize (GObject *object)
{
  KhKeyListModel *self = (KhKeyListModel *) object;

  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_free (self->filter);

  G_OBJECT_CLASS (kh_key_list_model_parent_class)->finalize (object);
}

static void
kh_key_list_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KhKeyListModel *self = KH_KEY_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_object (value, self->index);
      break;
    case PROP_FILTER:
      g_value_set_string (value, self->filter);
      break;
    case PROP_FILTER_MODE:
      g_value_set_enum (value, self->filter_mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_list_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KhKeyListModel *self = KH_KEY_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      self->index = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      kh_key_list_model_set_filter (self, g_value_get_string (value), self->filter_mode);
      break;
    case PROP_FILTER_MODE:
      kh_key_list_model_set_filter (self, self->filter, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_list_model_constructed (GObject *object)
{
  KhKeyListModel *self = (KhKeyListModel *) object;

  G_OBJECT_CLASS (kh_key_list_model_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_KEY_INDEX (self->index));

  g_signal_connect_object (self->index, "changed",
                           G_CALLBACK (on_index_changed), self,
                           G_CONNECT_SWAPPED);
  self->n_items = kh_key_index_get_n_keys (self->index);
}

static void
kh_key_list_model_class_init (KhKeyListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kh_key_list_model_constructed;
  object_class->dispose = kh_key_list_model_dispose;
  object_class->finalize = kh_key_list_model_finalize;
  object_class->get_property = kh_key_list_model_get_property;
  object_class->set_property = kh_key_list_model_set_property;

  properties[PROP_INDEX] =
    g_param_spec_object ("index", NULL, NULL, KH_TYPE_KEY_INDEX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER_MODE] =
    g_param_spec_enum ("filter-mode", NULL, NULL,
                       KH_TYPE_KEY_FILTER_MODE, KH_KEY_FILTER_SUBSTRING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_key_list_model_init (KhKeyListModel *self)
{
  self->live = g_hash_table_new (g_bytes_hash, g_bytes_equal);
}

KhKeyListModel *
kh_key_list_model_new (KhKeyIndex *index)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (index), NULL);

  return g_object_new (KH_TYPE_KEY_LIST_MODEL, "index", index, NULL);
}

KhKeyIndex *
kh_key_list_model_get_index (KhKeyListModel *self)
{
  g_return_val_if_fail (KH_IS_KEY_LIST_MODEL (self), NULL);

  return self->index;
}

/* The filter, or NULL when every key is shown */
const char *
kh_key_list_model_get_filter (KhKeyListModel *self)
{
  g_return_val_if_fail (KH_IS_KEY_LIST_MODEL (self), NULL);

  return self->filter;
}

KhKeyFilterMode
kh_key_list_model_get_filter_mode (KhKeyListModel *self)
{
  g_return_val_if_fail (KH_IS_KEY_LIST_MODEL (self), KH_KEY_FILTER_SUBSTRING);

  return self->filter_mode;
}

/**
 * kh_key_list_model_set_filter:
 * @filter: (nullable): a substring or glob; NULL or "" shows every key
 *
 * Filters synchronously (about 10 ms per million keys for a substring).
 */
void
kh_key_list_model_set_filter (KhKeyListModel  *self,
                              const char      *filter,
                              KhKeyFilterMode  mode)
{
  gboolean was_filtered;
  guint old_n;

  g_return_if_fail (KH_IS_KEY_LIST_MODEL (self));

  if (filter != NULL && filter[0] == '\0')
    filter = NULL;

  if (g_strcmp0 (filter, self->filter) == 0 && mode == self->filter_mode)
    return;

  was_filtered = self->filter != NULL;
  if (mode != self->filter_mode)
    {
      self->filter_mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_MODE]);
    }

  if (g_strcmp0 (filter, self->filter) != 0)
    {
      g_free (self->filter);
      self->filter = g_strdup (filter);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
    }

  if (self->filter == NULL)
    {
      if (!was_filtered)
        return;
      old_n = self->n_items;
      g_clear_pointer (&self->matches, g_array_unref);
      self->n_items = kh_key_index_get_n_keys (self->index);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
      return;
    }

  swap_matches (self, filter_all (self));
}

/* The id of the key at a position, for fetching metadata of visible rows */
guint32
kh_key_list_model_get_key_id (KhKeyListModel *self,
                              guint           position)
{
  g_return_val_if_fail (KH_IS_KEY_LIST_MODEL (self), KH_KEY_ID_INVALID);

  if (position >= self->n_items)
    return KH_KEY_ID_INVALID;
  return id_at (self, position);
}
