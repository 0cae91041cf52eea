/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-tree-model.c: the children of one namespace, for GtkTreeListModel
 *
 * One model per expanded namespace: its rows are the keys directly in the
 * namespace and its sub-namespaces (KhKeyItem with is-namespace and the
 * number of keys under it). The children come from
 * kh_key_index_get_children(), which reads a byte per key of the namespace
 * rather than the keys; the model keeps one id per child (the key, or a
 * namespace's first key; a copy of the order's range when every key is a
 * child) so that a change of the index is reported as the exact rows that
 * came and went, and expanded sub-namespaces stay expanded. Everything else
 * about a row (its name, whether it is a namespace, its count) is read when
 * GTK asks for the row, and counts of namespace rows that are alive are
 * updated in place.
 */
#include "config.h"

#include <string.h>

#include "kh-key-item.h"
#include "kh-key-tree-model.h"

#define N_RECENT 8

struct _KhKeyTreeModel {
  GObject        parent_instance;

  KhKeyIndex    *index;
  GBytes        *prefix;         /* ends with the delimiter, or empty */
  KhKeyChildren *children;
  GArray        *child_ids;      /* guint32 per row: the key, or a namespace's first key */
  guint64        generation;
  guint          n_items;

  /* While a diff is reported: rows before splice_new come from child_ids,
   * the rest from old_ids starting at splice_old */
  GArray        *old_ids;
  guint          splice_new;
  guint          splice_old;

  GHashTable    *live;           /* GBytes key -> KhKeyItem, weak */
  KhKeyItem     *recent[N_RECENT];
  guint          recent_next;
};

enum {
  PROP_0,
  PROP_INDEX,
  PROP_PREFIX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KhKeyTreeModel, kh_key_tree_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* What a row is, from its id: the bytes that name it ("user:" for a
 * namespace, the whole key for a leaf) */
static const char *
row_identity (KhKeyTreeModel *self,
              guint32         id,
              gsize          *len,
              gboolean       *is_namespace)
{
  gsize prefix_len = g_bytes_get_size (self->prefix);
  const char *key = kh_key_index_get_key (self->index, id, len);
  const char *sep = memchr (key + prefix_len, kh_key_index_get_delimiter (self->index),
                            *len - prefix_len);

  *is_namespace = sep != NULL;
  if (sep != NULL)
    *len = (gsize) (sep - key) + 1;
  return key;
}

static int
compare_rows (KhKeyIndex *index,
              guint32     a,
              guint32     b,
              gpointer    user_data)
{
  KhKeyTreeModel *self = user_data;
  gsize alen, blen;
  gboolean ans, bns;
  const char *ka = row_identity (self, a, &alen, &ans);
  const char *kb = row_identity (self, b, &blen, &bns);

  return kh_key_compare (ka, alen, kb, blen, kh_key_index_get_delimiter (index));
}

static void
item_finalized (gpointer  data,
                GObject  *where_the_object_was)
{
  KhKeyTreeModel *self = data;

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

static guint
namespace_count (KhKeyTreeModel *self,
                 const char     *key,
                 gsize           len)
{
  gsize prefix_len = g_bytes_get_size (self->prefix);
  KhKeyChild child;

  if (kh_key_children_find_namespace (self->children, key + prefix_len,
                                      len - prefix_len - 1, &child))
    return child.n_keys;
  return 0;
}

static GType
kh_key_tree_model_get_item_type (GListModel *model)
{
  return KH_TYPE_KEY_ITEM;
}

static guint
kh_key_tree_model_get_n_items (GListModel *model)
{
  return KH_KEY_TREE_MODEL (model)->n_items;
}

static gpointer
kh_key_tree_model_get_item (GListModel *model,
                            guint       position)
{
  KhKeyTreeModel *self = KH_KEY_TREE_MODEL (model);
  gsize prefix_len = g_bytes_get_size (self->prefix);
  g_autoptr(GBytes) lookup = NULL;
  g_autofree char *name = NULL;
  KhKeyItem *item;
  const char *key;
  gboolean is_namespace;
  gsize len;
  guint32 id;

  if (position >= self->n_items)
    return NULL;

  if (self->old_ids != NULL && position >= self->splice_new)
    id = g_array_index (self->old_ids, guint32, position - self->splice_new + self->splice_old);
  else
    id = g_array_index (self->child_ids, guint32, position);

  key = row_identity (self, id, &len, &is_namespace);
  lookup = g_bytes_new_static (key, len);
  item = g_hash_table_lookup (self->live, lookup);
  if (item != NULL)
    return g_object_ref (item);

  name = kh_key_escape (key + prefix_len, len - prefix_len - (is_namespace ? 1 : 0));
  g_clear_pointer (&lookup, g_bytes_unref);
  lookup = g_bytes_new (key, len);
  item = kh_key_item_new (lookup, name, is_namespace,
                          is_namespace ? namespace_count (self, key, len) : 1);

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
  iface->get_item_type = kh_key_tree_model_get_item_type;
  iface->get_n_items = kh_key_tree_model_get_n_items;
  iface->get_item = kh_key_tree_model_get_item;
}

/* Computes the children and their ids, keeping the previous ids */
static GArray *
compute_children (KhKeyTreeModel *self)
{
  GArray *old = self->child_ids;
  guint n;

  g_clear_pointer (&self->children, kh_key_children_unref);
  self->children = kh_key_index_get_children (self->index,
                                              g_bytes_get_data (self->prefix, NULL),
                                              g_bytes_get_size (self->prefix),
                                              kh_key_index_get_delimiter (self->index));
  self->generation = kh_key_index_get_generation (self->index);

  n = kh_key_children_get_n_children (self->children);
  self->child_ids = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  g_array_set_size (self->child_ids, n);
  if (!kh_key_children_get_ids (self->children, 0, n, (guint32 *) (gpointer) self->child_ids->data))
    g_assert_not_reached ();

  return old;
}

static void
report_change (guint    position,
               guint    removed,
               guint    added,
               guint    old_done,
               guint    new_done,
               gpointer user_data)
{
  KhKeyTreeModel *self = user_data;

  self->splice_new = new_done;
  self->splice_old = old_done;
  self->n_items = new_done + (self->old_ids->len - old_done);
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
update_counts (KhKeyTreeModel *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KhKeyItem *item = value;
      gsize len;
      const char *key;

      if (!kh_key_item_get_is_namespace (item))
        continue;
      key = g_bytes_get_data (kh_key_item_get_key (item), &len);
      kh_key_item_set_n_keys (item, namespace_count (self, key, len));
    }
}

static void
on_index_changed (KhKeyTreeModel *self,
                  KhKeyIndex     *index)
{
  guint old_n = self->n_items;
  guint64 old_generation = self->generation;
  g_autoptr(GArray) old_ids = compute_children (self);

  if (old_generation != self->generation)
    {
      /* Ids were renumbered: report a replacement of every row */
      self->n_items = self->child_ids->len;
      if (old_n > 0 || self->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
    }
  else
    {
      self->old_ids = old_ids;
      self->splice_new = 0;
      self->splice_old = 0;
      kh_key_index_diff (index,
                         (const guint32 *) (gpointer) old_ids->data, old_ids->len,
                         (const guint32 *) (gpointer) self->child_ids->data, self->child_ids->len,
                         compare_rows, report_change, self);
      self->old_ids = NULL;
      self->n_items = self->child_ids->len;
    }

  update_counts (self);
}

static void
kh_key_tree_model_dispose (GObject *object)
{
  KhKeyTreeModel *self = (KhKeyTreeModel *) object;

  for (guint i = 0; i < N_RECENT; i++)
    g_clear_object (&self->recent[i]);
  if (self->live != NULL)
    g_hash_table_foreach_remove (self->live, unwatch_item, self);
  if (self->index != NULL)
    g_signal_handlers_disconnect_by_data (self->index, self);
  g_clear_pointer (&self->children, kh_key_children_unref);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (kh_key_tree_model_parent_class)->dispose (object);
}

static void
kh_key_tree_model_finalize (GObject *object)
{
  KhKeyTreeModel *self = (KhKeyTreeModel *) object;

  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->child_ids, g_array_unref);
  g_clear_pointer (&self->prefix, g_bytes_unref);

  G_OBJECT_CLASS (kh_key_tree_model_parent_class)->finalize (object);
}

static void
kh_key_tree_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KhKeyTreeModel *self = KH_KEY_TREE_MODEL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_object (value, self->index);
      break;
    case PROP_PREFIX:
      g_value_set_boxed (value, self->prefix);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_tree_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KhKeyTreeModel *self = KH_KEY_TREE_MODEL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      self->index = g_value_dup_object (value);
      break;
    case PROP_PREFIX:
      self->prefix = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_tree_model_constructed (GObject *object)
{
  KhKeyTreeModel *self = (KhKeyTreeModel *) object;
  char delimiter;
  gsize len;
  const char *data;

  G_OBJECT_CLASS (kh_key_tree_model_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_KEY_INDEX (self->index));

  /* Normalise the prefix to end with the delimiter */
  delimiter = kh_key_index_get_delimiter (self->index);
  if (self->prefix == NULL)
    self->prefix = g_bytes_new (NULL, 0);
  data = g_bytes_get_data (self->prefix, &len);
  if (len > 0 && data[len - 1] != delimiter)
    {
      char *copy = g_malloc (len + 1);

      memcpy (copy, data, len);
      copy[len] = delimiter;
      g_bytes_unref (self->prefix);
      self->prefix = g_bytes_new_take (copy, len + 1);
    }

  g_clear_pointer (&self->child_ids, g_array_unref);
  g_clear_pointer ((GArray **) &self->old_ids, g_array_unref);
  {
    g_autoptr(GArray) none = compute_children (self);
  }
  self->n_items = self->child_ids->len;

  g_signal_connect_object (self->index, "changed",
                           G_CALLBACK (on_index_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
kh_key_tree_model_class_init (KhKeyTreeModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kh_key_tree_model_constructed;
  object_class->dispose = kh_key_tree_model_dispose;
  object_class->finalize = kh_key_tree_model_finalize;
  object_class->get_property = kh_key_tree_model_get_property;
  object_class->set_property = kh_key_tree_model_set_property;

  properties[PROP_INDEX] =
    g_param_spec_object ("index", NULL, NULL, KH_TYPE_KEY_INDEX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREFIX] =
    g_param_spec_boxed ("prefix", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_key_tree_model_init (KhKeyTreeModel *self)
{
  self->live = g_hash_table_new (g_bytes_hash, g_bytes_equal);
}

/**
 * kh_key_tree_model_new:
 * @prefix: (array length=prefix_len) (nullable): the namespace ("user:", the
 *   delimiter is added if missing), or empty for the root; a namespace
 *   item's key is such a prefix
 */
KhKeyTreeModel *
kh_key_tree_model_new (KhKeyIndex *index,
                       const char *prefix,
                       gsize       prefix_len)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (KH_IS_KEY_INDEX (index), NULL);
  g_return_val_if_fail (prefix != NULL || prefix_len == 0, NULL);

  bytes = g_bytes_new (prefix, prefix_len);
  return g_object_new (KH_TYPE_KEY_TREE_MODEL, "index", index, "prefix", bytes, NULL);
}

KhKeyIndex *
kh_key_tree_model_get_index (KhKeyTreeModel *self)
{
  g_return_val_if_fail (KH_IS_KEY_TREE_MODEL (self), NULL);

  return self->index;
}

/* Returns: (transfer none): the namespace, ending with the delimiter, or empty */
GBytes *
kh_key_tree_model_get_prefix (KhKeyTreeModel *self)
{
  g_return_val_if_fail (KH_IS_KEY_TREE_MODEL (self), NULL);

  return self->prefix;
}

/* Keys under the namespace, recursively */
guint
kh_key_tree_model_get_n_keys (KhKeyTreeModel *self)
{
  g_return_val_if_fail (KH_IS_KEY_TREE_MODEL (self), 0);

  return kh_key_children_get_n_keys (self->children);
}
