/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-models.c: the list models over the key index (the flat list, the
 * tree of namespaces, the keys whose details are not known) and the key item
 * their rows hold; the index itself is tested in test-key-index.c */
#include "config.h"

#include <string.h>

#include "kh-key-index.h"
#include "kh-key-item.h"
#include "kh-key-list-model.h"
#include "kh-key-tree-model.h"
#include "kh-key-unknown-model.h"
#include "test-key-index.h"

static char *
unknown_names (GListModel *model)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KhKeyItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (s, "%s%s", i > 0 ? " " : "", kh_key_item_get_name (item));
    }
  return g_string_free (s, FALSE);
}

static KhKeyItem *
named_item (const char *name)
{
  g_autoptr(GBytes) key = g_bytes_new (name, strlen (name));

  return kh_key_item_new (key, name, FALSE, 1);
}

/* The keys of the list whose details are not known, in its order, and where
 * each is */
static void
test_unknown_model (void)
{
  static const char * const keys[] = { "k:0", "k:1", "k:2", "k:3", "k:4", "k:5", "k:6", "k:7", "k:8", "k:9", NULL };
  g_autoptr(KhKeyIndex) index = index_with (keys);
  g_autoptr(KhKeyListModel) list = kh_key_list_model_new (index);
  g_autoptr(GListStore) known = g_list_store_new (KH_TYPE_KEY_ITEM);
  g_autoptr(KhKeyUnknownModel) unknown = NULL;
  static const char * const known_names[] = { "k:7", "k:2", "k:3", "k:3", "elsewhere", "k:0" };
  g_autofree char *names = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (known_names); i++)
    {
      g_autoptr(KhKeyItem) item = named_item (known_names[i]);
      g_list_store_append (known, item);
    }
  unknown = kh_key_unknown_model_new (list, G_LIST_MODEL (known));
  names = unknown_names (G_LIST_MODEL (unknown));
  g_assert_cmpstr (names, ==, "k:1 k:4 k:5 k:6 k:8 k:9");
  g_assert_cmpuint (kh_key_unknown_model_get_position (unknown, K ("k:1")), ==, 0);
  g_assert_cmpuint (kh_key_unknown_model_get_position (unknown, K ("k:6")), ==, 3);
  g_assert_cmpuint (kh_key_unknown_model_get_position (unknown, K ("k:9")), ==, 5);
  g_assert_cmpuint (kh_key_unknown_model_get_position (unknown, K ("k:3")), ==, G_MAXUINT);
  g_assert_cmpuint (kh_key_unknown_model_get_position (unknown, K ("k:0")), ==, G_MAXUINT);
  g_assert_cmpuint (kh_key_unknown_model_get_position (unknown, K ("nowhere")), ==, G_MAXUINT);

  /* The list changes: followed */
  kh_key_index_remove (index, K ("k:5"));
  kh_key_index_add (index, K ("k:10"));
  g_clear_pointer (&names, g_free);
  names = unknown_names (G_LIST_MODEL (unknown));
  g_assert_cmpstr (names, ==, "k:1 k:4 k:6 k:8 k:9 k:10");

  /* The known keys change: on refresh */
  g_list_store_remove_all (known);
  {
    g_autoptr(KhKeyItem) item = named_item ("k:9");
    g_list_store_append (known, item);
  }
  kh_key_unknown_model_refresh (unknown);
  g_clear_pointer (&names, g_free);
  names = unknown_names (G_LIST_MODEL (unknown));
  g_assert_cmpstr (names, ==, "k:0 k:1 k:2 k:3 k:4 k:6 k:7 k:8 k:10");
  g_assert_cmpuint (kh_key_unknown_model_get_position (unknown, K ("k:10")), ==, 8);
}

/* items-changed recorder *//* items-changed recorder */
typedef struct {
  GArray *events;  /* guint triples */
} Recorder;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *rec)
{
  guint e[3] = { position, removed, added };

  g_array_append_vals (rec->events, e, 3);
}

static void
assert_events (Recorder    *rec,
               const guint *expected,
               guint        n_expected)
{
  g_assert_cmpuint (rec->events->len, ==, n_expected * 3);
  for (guint i = 0; i < n_expected * 3; i++)
    g_assert_cmpuint (g_array_index (rec->events, guint, i), ==, expected[i]);
  g_array_set_size (rec->events, 0);
}

static char *
item_name (GListModel *model,
           guint       position)
{
  g_autoptr(KhKeyItem) item = g_list_model_get_item (model, position);

  return g_strdup (kh_key_item_get_name (item));
}

static void
test_list_model (void)
{
  g_autoptr(KhKeyIndex) index = index_with (keyspace);
  g_autoptr(KhKeyListModel) model = kh_key_list_model_new (index);
  GListModel *list = G_LIST_MODEL (model);
  Recorder rec = { g_array_new (FALSE, FALSE, sizeof (guint)) };
  KhKeyRef batch[] = { { K ("user:3") }, { K ("other") } };
  g_autoptr(KhKeyItem) held = NULL;
  g_autofree char *first = NULL;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &rec);
  g_assert_true (g_list_model_get_item_type (list) == KH_TYPE_KEY_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 12);
  first = item_name (list, 0);
  g_assert_cmpstr (first, ==, "a:");
  g_assert_null (g_list_model_get_item (list, 12));

  /* Unfiltered: one replacement per change */
  kh_key_index_add_batch (index, batch, G_N_ELEMENTS (batch));
  assert_events (&rec, (guint[]) { 0, 12, 14 }, 1);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 14);

  /* Filtered: the exact rows */
  kh_key_list_model_set_filter (model, "user:", KH_KEY_FILTER_SUBSTRING);
  assert_events (&rec, (guint[]) { 0, 14, 6 }, 1);
  held = g_list_model_get_item (list, 3);
  g_assert_cmpstr (kh_key_item_get_name (held), ==, "user:2");

  kh_key_index_add (index, K ("user:2:a"));       /* after user:2 */
  assert_events (&rec, (guint[]) { 4, 0, 1 }, 1);
  kh_key_index_add (index, K ("unrelated"));      /* not a match: nothing */
  assert_events (&rec, NULL, 0);
  kh_key_index_remove (index, K ("user:1:profile"));
  assert_events (&rec, (guint[]) { 1, 1, 0 }, 1);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 6);

  /* A row alive elsewhere is the same object */
  {
    g_autoptr(KhKeyItem) again = g_list_model_get_item (list, 2);
    g_assert_true (again == held);
  }

  /* Two separate insertions in one batch */
  {
    KhKeyRef two[] = { { K ("user:0") }, { K ("user:99") } };
    kh_key_index_add_batch (index, two, 2);
    assert_events (&rec, (guint[]) { 0, 0, 1, 7, 0, 1 }, 2);
  }

  kh_key_list_model_set_filter (model, "user:?", KH_KEY_FILTER_GLOB);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 4);
  {
    g_autofree char *name = item_name (list, 3);
    g_assert_cmpstr (name, ==, "user:3");
  }
  g_array_set_size (rec.events, 0);

  kh_key_list_model_set_filter (model, NULL, KH_KEY_FILTER_SUBSTRING);
  assert_events (&rec, (guint[]) { 0, 4, 17 }, 1);
  kh_key_list_model_set_filter (model, "", KH_KEY_FILTER_SUBSTRING);
  assert_events (&rec, NULL, 0);

  g_array_unref (rec.events);
}

static void
test_list_model_lazy (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyListModel) model = NULL;
  GListModel *list;
  GPtrArray *held = g_ptr_array_new_with_free_func (g_object_unref);
  guint base = kh_key_item_get_n_live ();
  guint n = 100000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("obj:%u", i);
      kh_key_index_add (index, key, strlen (key));
    }

  model = kh_key_list_model_new (index);
  list = G_LIST_MODEL (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  g_assert_cmpuint (kh_key_item_get_n_live (), ==, base);

  /* Rows a view holds */
  for (guint i = 0; i < 50; i++)
    g_ptr_array_add (held, g_list_model_get_item (list, i * 1000));
  g_assert_cmpuint (kh_key_item_get_n_live (), ==, base + 50);

  /* Reading every row, one at a time, never piles up objects */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhKeyItem) item = g_list_model_get_item (list, i);

      g_assert_nonnull (item);
      g_assert_cmpuint (kh_key_item_get_n_live (), <=, base + 50 + 8 + 1);
    }
  g_assert_cmpuint (kh_key_item_get_n_live (), <=, base + 50 + 8);

  {
    g_autoptr(KhKeyItem) last = g_list_model_get_item (list, n - 1);
    g_autofree char *expected = g_strdup_printf ("obj:%u", n - 1);
    g_assert_cmpstr (kh_key_item_get_name (last), ==, expected);
  }

  g_ptr_array_unref (held);
  g_clear_object (&model);
  g_assert_cmpuint (kh_key_item_get_n_live (), ==, base);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_tree_model (void)
{
  g_autoptr(KhKeyIndex) index = index_with (keyspace);
  g_autoptr(KhKeyTreeModel) root = kh_key_tree_model_new (index, NULL, 0);
  g_autoptr(KhKeyTreeModel) user = kh_key_tree_model_new (index, K ("user"));
  GListModel *list = G_LIST_MODEL (root);
  Recorder rec = { g_array_new (FALSE, FALSE, sizeof (guint)) };
  g_autoptr(KhKeyItem) user_ns = NULL;
  g_autoptr(KhKeyItem) leaf = NULL;
  g_autoptr(KhKeyItem) bin = NULL;
  guint notified = 0;
  GBytes *key;

  g_signal_connect (root, "items-changed", G_CALLBACK (on_items_changed), &rec);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 6);
  g_assert_cmpuint (kh_key_tree_model_get_n_keys (root), ==, 12);

  user_ns = g_list_model_get_item (list, 4);
  g_assert_true (kh_key_item_get_is_namespace (user_ns));
  g_assert_cmpstr (kh_key_item_get_name (user_ns), ==, "user");
  g_assert_cmpuint (kh_key_item_get_n_keys (user_ns), ==, 5);
  key = kh_key_item_get_key (user_ns);
  g_assert_cmpmem (g_bytes_get_data (key, NULL), g_bytes_get_size (key), "user:", 5);

  leaf = g_list_model_get_item (list, 3);
  g_assert_false (kh_key_item_get_is_namespace (leaf));
  g_assert_cmpstr (kh_key_item_get_name (leaf), ==, "user");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (user)), ==, 4);
  g_assert_cmpmem (g_bytes_get_data (kh_key_tree_model_get_prefix (user), NULL),
                   g_bytes_get_size (kh_key_tree_model_get_prefix (user)), "user:", 5);

  /* A key inside a namespace: no row changes, the count updates in place */
  g_signal_connect (user_ns, "notify::n-keys", G_CALLBACK (count_notify), &notified);
  kh_key_index_add (index, K ("user:3"));
  assert_events (&rec, NULL, 0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (kh_key_item_get_n_keys (user_ns), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (user)), ==, 5);

  /* A new root key goes in at its place; the namespace row keeps its object */
  kh_key_index_add (index, K ("aaa"));
  assert_events (&rec, (guint[]) { 1, 0, 1 }, 1);
  {
    g_autoptr(KhKeyItem) same = g_list_model_get_item (list, 5);
    g_assert_true (same == user_ns);
  }

  /* A new namespace before "user" whose first key is new */
  kh_key_index_add (index, K ("q:1"));
  assert_events (&rec, (guint[]) { 4, 0, 1 }, 1);

  /* A namespace that changes its first key is still the same row */
  kh_key_index_add (index, K ("user:0"));
  assert_events (&rec, NULL, 0);
  g_assert_cmpuint (kh_key_item_get_n_keys (user_ns), ==, 7);

  /* Removing the last key of a namespace removes the row */
  kh_key_index_remove (index, K ("z:y:x:w"));
  assert_events (&rec, (guint[]) { 7, 1, 0 }, 1);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 7);

  /* Binary names are escaped */
  kh_key_index_add (index, K ("\xff:k"));
  g_array_set_size (rec.events, 0);
  bin = g_list_model_get_item (list, 7);
  g_assert_cmpstr (kh_key_item_get_name (bin), ==, "\\xff");
  g_assert_true (kh_key_item_get_is_namespace (bin));

  /* A renumbering reloads everything */
  kh_key_index_clear (index);
  assert_events (&rec, (guint[]) { 0, 8, 0 }, 1);

  g_array_unref (rec.events);
}

/* A copy of a tree model's rows kept only from its items-changed signals,
 * the way GtkTreeListModel keeps one */
typedef struct {
  GListModel *model;
  GPtrArray  *keys;   /* GBytes: a row's item key */
} Shadow;

static void
on_shadow_changed (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Shadow     *shadow)
{
  g_assert_cmpuint (position + removed, <=, shadow->keys->len);
  g_ptr_array_remove_range (shadow->keys, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(KhKeyItem) item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (shadow->keys, (gint) (position + i), g_bytes_ref (kh_key_item_get_key (item)));
    }

  /* Every row, not only the new ones, is what the signals said, even while
   * a change is being told in several signals */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, shadow->keys->len);
  for (guint i = 0; i < shadow->keys->len; i++)
    {
      g_autoptr(KhKeyItem) item = g_list_model_get_item (model, i);

      g_assert_true (g_bytes_equal (shadow->keys->pdata[i], kh_key_item_get_key (item)));
    }
}

static void
shadow_init (Shadow     *shadow,
             KhKeyIndex *index,
             const char *prefix,
             gsize       prefix_len)
{
  guint n;

  shadow->model = G_LIST_MODEL (kh_key_tree_model_new (index, prefix, prefix_len));
  shadow->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  n = g_list_model_get_n_items (shadow->model);
  on_shadow_changed (shadow->model, 0, 0, n, shadow);
  g_signal_connect (shadow->model, "items-changed", G_CALLBACK (on_shadow_changed), shadow);
}

static void
shadow_clear (Shadow *shadow)
{
  g_clear_object (&shadow->model);
  g_clear_pointer (&shadow->keys, g_ptr_array_unref);
}

/* The signals told the whole story: the copy is what the model shows now,
 * and that is what the reference walk finds */
static void
assert_shadow (Shadow     *shadow,
               KhKeyIndex *index)
{
  GBytes *prefix = kh_key_tree_model_get_prefix (KH_KEY_TREE_MODEL (shadow->model));
  gsize prefix_len;
  const char *p = g_bytes_get_data (prefix, &prefix_len);
  g_autoptr(GPtrArray) expected = reference_children (index, p != NULL ? p : "", prefix_len);
  guint n_keys = 0;

  g_assert_cmpuint (shadow->keys->len, ==, expected->len);
  g_assert_cmpuint (g_list_model_get_n_items (shadow->model), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      RefChild *ref = expected->pdata[i];
      g_autoptr(KhKeyItem) item = g_list_model_get_item (shadow->model, i);
      g_autoptr(GByteArray) want = g_byte_array_new ();
      g_autofree char *name = NULL;
      gsize len;
      const char *key;

      if (ref->is_namespace)
        {
          g_byte_array_append (want, (const guint8 *) p, (guint) prefix_len);
          g_byte_array_append (want, g_bytes_get_data (ref->name, NULL), (guint) g_bytes_get_size (ref->name));
          g_byte_array_append (want, (const guint8 *) ":", 1);
        }
      else
        {
          key = kh_key_index_get_key (index, ref->key_id, &len);
          g_byte_array_append (want, (const guint8 *) key, (guint) len);
        }

      g_assert_true (g_bytes_equal (shadow->keys->pdata[i], kh_key_item_get_key (item)));
      g_assert_cmpmem (g_bytes_get_data (kh_key_item_get_key (item), NULL),
                       g_bytes_get_size (kh_key_item_get_key (item)), want->data, want->len);
      g_assert_cmpint (kh_key_item_get_is_namespace (item), ==, ref->is_namespace);
      g_assert_cmpuint (kh_key_item_get_n_keys (item), ==, ref->n_keys);
      name = kh_key_escape (g_bytes_get_data (ref->name, NULL), g_bytes_get_size (ref->name));
      g_assert_cmpstr (kh_key_item_get_name (item), ==, name);
      n_keys += ref->n_keys;
    }
  g_assert_cmpuint (kh_key_tree_model_get_n_keys (KH_KEY_TREE_MODEL (shadow->model)), ==, n_keys);
}

/* Row changes reported by tree models stay consistent through every kind of
 * change, for namespaces of leaves, of one-key namespaces, and mixed ones */
static void
test_tree_model_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  static const KhKeyRef prefixes[] = {
    { "", 0 }, { K ("n:") }, { K ("u:") }, { K ("a:") }, { K (":") }, { K ("1:") }, { K ("\xff:") },
  };
  Shadow shadows[G_N_ELEMENTS (prefixes)];
  /* Rows alive while things change, as on screen */
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *leaf = g_strdup_printf ("n:%u", i * 3);
      g_autofree char *nested = g_strdup_printf ("u:%u:p", i);

      kh_key_index_add (index, leaf, strlen (leaf));
      if (i < 200)
        kh_key_index_add (index, nested, strlen (nested));
    }
  add_random_keys (index, rand, 1500);

  for (guint s = 0; s < G_N_ELEMENTS (prefixes); s++)
    {
      shadow_init (&shadows[s], index, prefixes[s].data, prefixes[s].len);
      for (guint i = 0; i < g_list_model_get_n_items (shadows[s].model); i += 7)
        g_ptr_array_add (held, g_list_model_get_item (shadows[s].model, i));
      assert_shadow (&shadows[s], index);
    }

  for (guint round = 0; round < 21; round++)
    {
      g_autofree char *key = g_strdup_printf (round % 2 ? "n:%u" : "u:%u:q", g_rand_int_range (rand, 0, 1000));

      switch (round % 7)
        {
        case 0:
          add_random_keys (index, rand, 6);
          kh_key_index_add (index, key, strlen (key));
          break;
        case 1:
          add_random_keys (index, rand, 400);
          break;
        case 2:
          remove_random_keys (index, rand, 25, NULL);
          break;
        case 3:
          kh_key_index_remove (index, K ("n:3"));
          kh_key_index_remove (index, K ("u:0:p"));
          kh_key_index_add (index, K ("n:3"));
          kh_key_index_add (index, key, strlen (key));
          break;
        case 4:
          remove_random_keys (index, rand, 10, NULL);
          kh_key_index_compact (index);
          break;
        case 5:
          kh_key_index_set_delimiter (index, '/');
          kh_key_index_set_delimiter (index, ':');
          break;
        default:
          {
            KhKeyRef batch[] = { { K ("n:1") }, { K ("n:1:x") }, { K ("u:5") }, { K ("a") }, { K ("a:") } };

            kh_key_index_add_batch (index, batch, G_N_ELEMENTS (batch));
          }
          break;
        }

      for (guint s = 0; s < G_N_ELEMENTS (prefixes); s++)
        {
          assert_shadow (&shadows[s], index);
          g_ptr_array_add (held, g_list_model_get_item (shadows[s].model, round % MAX (g_list_model_get_n_items (shadows[s].model), 1)));
        }
    }

  g_ptr_array_set_size (held, 0);
  for (guint s = 0; s < G_N_ELEMENTS (prefixes); s++)
    shadow_clear (&shadows[s]);
}

static void
test_item (void)
{
  g_autoptr(GBytes) key = g_bytes_new ("k", 1);
  g_autoptr(KhKeyItem) item = kh_key_item_new (key, "k", FALSE, 1);
  guint notified = 0;

  g_assert_cmpint (kh_key_item_get_ttl (item), ==, KH_KEY_TTL_PERSISTENT);
  g_assert_cmpint (kh_key_item_get_size (item), ==, -1);
  g_assert_null (kh_key_item_get_key_type (item));
  g_assert_cmpint (kh_key_item_get_metadata_state (item), ==, KH_KEY_METADATA_NONE);

  g_signal_connect (item, "notify", G_CALLBACK (count_notify), &notified);
  kh_key_item_set_key_type (item, "hash");
  kh_key_item_set_key_type (item, "hash");
  kh_key_item_set_ttl (item, 1500);
  kh_key_item_set_size (item, 72);
  kh_key_item_set_metadata_state (item, KH_KEY_METADATA_LOADED);
  g_assert_cmpuint (notified, ==, 4);
  g_assert_cmpstr (kh_key_item_get_key_type (item), ==, "hash");
  g_assert_cmpint (kh_key_item_get_ttl (item), ==, 1500);
  g_assert_cmpint (kh_key_item_get_size (item), ==, 72);
  g_assert_cmpint (kh_key_item_get_metadata_state (item), ==, KH_KEY_METADATA_LOADED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/key-index/item", test_item);
  g_test_add_func ("/core/key-list-model/items-changed", test_list_model);
  g_test_add_func ("/core/key-list-model/lazy-items", test_list_model_lazy);
  g_test_add_func ("/core/key-tree-model/rows", test_tree_model);
  g_test_add_func ("/core/key-unknown-model/rows", test_unknown_model);
  g_test_add_func ("/core/key-tree-model/random-changes", test_tree_model_random);

  return g_test_run ();
}
