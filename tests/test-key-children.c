/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-children.c: the namespaces of the key index: the children of a
 * namespace, counted without per-child storage, checked against a plain walk
 * over the sorted keys through every way the order changes; the rest of the
 * index is tested in test-key-index.c */
#include "config.h"

#include <string.h>

#include "kh-key-index.h"
#include "kh-key-index-private.h"
#include "test-key-index.h"

typedef struct {
  const char *name;
  gboolean    is_namespace;
  guint       n_keys;
} ExpectedChild;

static void
assert_children (KhKeyIndex          *index,
                 const char          *prefix,
                 const ExpectedChild *expected,
                 guint                n_expected)
{
  g_autoptr(KhKeyChildren) children = kh_key_index_get_children (index, prefix, strlen (prefix), ':');

  g_assert_cmpuint (kh_key_children_get_n_children (children), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      KhKeyChild child;
      gsize len;
      const char *key;

      g_assert_true (kh_key_children_get_child (children, i, &child));
      key = kh_key_index_get_key (index, child.key_id, &len);
      g_assert_cmpmem (key + child.name_offset, child.name_len,
                       expected[i].name, strlen (expected[i].name));
      g_assert_cmpint (child.is_namespace, ==, expected[i].is_namespace);
      g_assert_cmpuint (child.n_keys, ==, expected[i].n_keys);
    }
}

static void
test_children (void)
{
  g_autoptr(KhKeyIndex) index = index_with (keyspace);
  static const ExpectedChild root[] = {
    { "a", TRUE, 3 }, { "b", TRUE, 1 }, { "plain", FALSE, 1 },
    { "user", FALSE, 1 }, { "user", TRUE, 5 }, { "z", TRUE, 1 },
  };
  static const ExpectedChild user[] = {
    { "1", FALSE, 1 }, { "1", TRUE, 2 }, { "2", FALSE, 1 }, { "10", FALSE, 1 },
  };
  static const ExpectedChild user_1[] = { { "profile", FALSE, 1 }, { "settings", FALSE, 1 } };
  /* "a:" is a key with an empty name; "a::b" is under an empty namespace */
  static const ExpectedChild a[] = { { "", FALSE, 1 }, { "", TRUE, 1 }, { "x", FALSE, 1 } };
  static const ExpectedChild a_empty[] = { { "b", FALSE, 1 } };
  static const ExpectedChild b[] = { { "c", TRUE, 1 } };
  static const ExpectedChild b_c[] = { { "", FALSE, 1 } };
  static const ExpectedChild z_y_x[] = { { "w", FALSE, 1 } };
  g_autoptr(KhKeyChildren) none = NULL;
  g_autoptr(KhKeyChildren) root_children = NULL;
  KhKeyChild child;
  guint start, end;

  assert_children (index, "", root, G_N_ELEMENTS (root));
  assert_children (index, "user:", user, G_N_ELEMENTS (user));
  assert_children (index, "user", user, G_N_ELEMENTS (user));   /* the delimiter is implied */
  assert_children (index, "user:1:", user_1, G_N_ELEMENTS (user_1));
  assert_children (index, "a:", a, G_N_ELEMENTS (a));
  assert_children (index, "a::", a_empty, G_N_ELEMENTS (a_empty));
  assert_children (index, "b:", b, G_N_ELEMENTS (b));
  assert_children (index, "b:c:", b_c, G_N_ELEMENTS (b_c));
  assert_children (index, "z:y:x:", z_y_x, G_N_ELEMENTS (z_y_x));

  none = kh_key_index_get_children (index, K ("nope:"), ':');
  g_assert_cmpuint (kh_key_children_get_n_children (none), ==, 0);
  g_assert_cmpuint (kh_key_children_get_n_keys (none), ==, 0);
  g_assert_false (kh_key_children_get_child (none, 0, &child));

  root_children = kh_key_index_get_children (index, "", 0, ':');
  g_assert_cmpuint (kh_key_children_get_n_keys (root_children), ==, 12);
  g_assert_true (kh_key_children_find_namespace (root_children, K ("user"), &child));
  g_assert_cmpuint (child.n_keys, ==, 5);
  g_assert_false (kh_key_children_find_namespace (root_children, K ("plain"), &child));

  start = kh_key_index_find_prefix (index, K ("user:"), &end);
  g_assert_cmpuint (end - start, ==, 5);

  /* Stale after a change */
  kh_key_index_add (index, K ("user:3"));
  g_assert_false (kh_key_children_get_child (root_children, 0, &child));
}

/* A namespace with many direct children is counted without per-child storage */
static void
test_children_many (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyChildren) children = NULL;
  KhKeyChild child;
  gsize len;
  const char *key;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *leaf = g_strdup_printf ("sess:%u", i);
      g_autofree char *nested = g_strdup_printf ("rl:%u:login", i % 100);

      kh_key_index_add (index, leaf, strlen (leaf));
      kh_key_index_add (index, nested, strlen (nested));
    }

  children = kh_key_index_get_children (index, K ("sess:"), ':');
  g_assert_cmpuint (kh_key_children_get_n_children (children), ==, 5000);
  g_assert_true (kh_key_children_get_child (children, 4999, &child));
  key = kh_key_index_get_key (index, child.key_id, &len);
  g_assert_cmpmem (key, len, "sess:4999", 9);
  g_clear_pointer (&children, kh_key_children_unref);

  children = kh_key_index_get_children (index, K ("rl"), ':');
  g_assert_cmpuint (kh_key_children_get_n_children (children), ==, 100);
  g_assert_true (kh_key_children_get_child (children, 10, &child));
  g_assert_true (child.is_namespace);
  g_assert_cmpuint (child.n_keys, ==, 1);
  key = kh_key_index_get_key (index, child.key_id, &len);
  g_assert_cmpmem (key + child.name_offset, child.name_len, "10", 2);
}

/* Edge cases, spelled out: binary names, empty segments, a delimiter at the
 * end, keys before their namespace and a key named like a namespace */
typedef struct {
  const char *name;
  gsize       name_len;
  gboolean    is_namespace;
  guint       n_keys;
} ExpectedBytesChild;

#define LEAF(s)     { (s), sizeof (s) - 1, FALSE, 1 }
#define NS(s, n)    { (s), sizeof (s) - 1, TRUE, (n) }

static void
assert_bytes_children (KhKeyIndex               *index,
                       const char               *prefix,
                       gsize                     prefix_len,
                       const ExpectedBytesChild *expected,
                       guint                     n_expected)
{
  g_autoptr(KhKeyChildren) children = kh_key_index_get_children (index, prefix, prefix_len, ':');
  guint n_keys = 0;

  g_assert_cmpuint (kh_key_children_get_n_children (children), ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      KhKeyChild child;
      gsize len;
      const char *key;

      g_assert_true (kh_key_children_get_child (children, i, &child));
      key = kh_key_index_get_key (index, child.key_id, &len);
      g_assert_cmpmem (key + child.name_offset, child.name_len, expected[i].name, expected[i].name_len);
      g_assert_cmpint (child.is_namespace, ==, expected[i].is_namespace);
      g_assert_cmpuint (child.n_keys, ==, expected[i].n_keys);
      n_keys += child.n_keys;
    }
  g_assert_cmpuint (kh_key_children_get_n_keys (children), ==, n_keys);
}

static void
test_children_edges (void)
{
  static const KhKeyRef keys[] = {
    { K ("") }, { K (":") }, { K ("::") }, { K (":a") },
    { K ("k") }, { K ("k:") }, { K ("k::") }, { K ("k:1") }, { K ("k:01") }, { K ("k:1:") },
    { K ("\xff") }, { K ("\xff:\0") }, { K ("\xff:\0:x") }, { K ("\xff:\0\1") },
  };
  static const ExpectedBytesChild root[] = {
    LEAF (""), NS ("", 3), LEAF ("k"), NS ("k", 5), LEAF ("\xff"), NS ("\xff", 3),
  };
  static const ExpectedBytesChild empty[] = { LEAF (""), NS ("", 1), LEAF ("a") };
  static const ExpectedBytesChild empty_empty[] = { LEAF ("") };
  /* "01" and "1" are equal numbers: bytes decide; "k:1" comes before "k:1:" */
  static const ExpectedBytesChild k[] = { LEAF (""), NS ("", 1), LEAF ("01"), LEAF ("1"), NS ("1", 1) };
  static const ExpectedBytesChild k_1[] = { LEAF ("") };
  static const ExpectedBytesChild ff[] = { LEAF ("\0"), NS ("\0", 1), LEAF ("\0\1") };
  static const ExpectedBytesChild ff_nul[] = { LEAF ("x") };
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyChildren) children = NULL;
  KhKeyChild child;
  guint32 ids[6];
  gsize len;
  const char *key;

  g_assert_cmpuint (kh_key_index_add_batch (index, keys, G_N_ELEMENTS (keys)), ==, G_N_ELEMENTS (keys));

  assert_bytes_children (index, "", 0, root, G_N_ELEMENTS (root));
  assert_bytes_children (index, K (":"), empty, G_N_ELEMENTS (empty));
  assert_bytes_children (index, K ("::"), empty_empty, G_N_ELEMENTS (empty_empty));
  assert_bytes_children (index, K ("k:"), k, G_N_ELEMENTS (k));
  assert_bytes_children (index, K ("k:1:"), k_1, G_N_ELEMENTS (k_1));
  assert_bytes_children (index, K ("\xff:"), ff, G_N_ELEMENTS (ff));
  assert_bytes_children (index, K ("\xff:\0:"), ff_nul, G_N_ELEMENTS (ff_nul));

  /* Ids of a range of children: a leaf's key, a namespace's first key */
  children = kh_key_index_get_children (index, K ("k:"), ':');
  g_assert_true (kh_key_children_get_ids (children, 1, 4, ids));
  key = kh_key_index_get_key (index, ids[0], &len);
  g_assert_cmpmem (key, len, "k::", 3);
  key = kh_key_index_get_key (index, ids[1], &len);
  g_assert_cmpmem (key, len, "k:01", 4);
  key = kh_key_index_get_key (index, ids[3], &len);
  g_assert_cmpmem (key, len, "k:1:", 4);
  g_assert_true (kh_key_children_get_ids (children, 5, 0, ids));
  g_assert_false (kh_key_children_get_ids (children, 2, 4, ids));
  g_assert_false (kh_key_children_get_ids (children, 6, 0, ids));

  /* A namespace with an empty name, and names that are not namespaces */
  g_assert_true (kh_key_children_find_namespace (children, "", 0, &child));
  g_assert_cmpuint (child.n_keys, ==, 1);
  g_assert_cmpuint (child.name_len, ==, 0);
  g_assert_true (kh_key_children_find_namespace (children, K ("1"), &child));
  key = kh_key_index_get_key (index, child.key_id, &len);
  g_assert_cmpmem (key, len, "k:1:", 4);
  g_assert_false (kh_key_children_find_namespace (children, K ("01"), &child));
  g_assert_false (kh_key_children_find_namespace (children, K ("1:"), &child));
  g_assert_false (kh_key_children_find_namespace (children, K ("2"), &child));
  {
    g_autoptr(KhKeyChildren) root_children = kh_key_index_get_children (index, "", 0, ':');

    /* "k:1:" is a namespace, but not a child of the root */
    g_assert_true (kh_key_children_find_namespace (root_children, K ("k"), &child));
    g_assert_cmpuint (child.n_keys, ==, 5);
    g_assert_false (kh_key_children_find_namespace (root_children, K ("k:1"), &child));
  }

  /* Stale after a change */
  kh_key_index_add (index, K ("k:2"));
  g_assert_false (kh_key_children_get_ids (children, 0, 1, ids));
  g_assert_false (kh_key_children_find_namespace (children, K ("1"), &child));
}

/* Checks every way of reading the children against the reference */
static void
assert_children_match (KhKeyIndex *index,
                       const char *prefix,
                       gsize       prefix_len)
{
  g_autoptr(GPtrArray) expected = reference_children (index, prefix, prefix_len);
  g_autoptr(KhKeyChildren) children = kh_key_index_get_children (index, prefix, prefix_len,
                                                                  kh_key_index_get_delimiter (index));
  guint n = kh_key_children_get_n_children (children);
  g_autofree guint32 *ids = g_new (guint32, MAX (n, 1));
  guint n_keys = 0;
  KhKeyChild child;

  g_assert_cmpuint (n, ==, expected->len);
  g_assert_true (kh_key_children_get_ids (children, 0, n, ids));

  for (guint i = 0; i < n; i++)
    {
      RefChild *ref = expected->pdata[i];
      gsize len;
      const char *key;
      gboolean found;
      KhKeyChild ns;

      g_assert_true (kh_key_children_get_child (children, i, &child));
      key = kh_key_index_get_key (index, child.key_id, &len);
      g_assert_cmpuint (child.key_id, ==, ref->key_id);
      g_assert_cmpuint (ids[i], ==, ref->key_id);
      g_assert_cmpint (child.is_namespace, ==, ref->is_namespace);
      g_assert_cmpuint (child.n_keys, ==, ref->n_keys);
      g_assert_cmpuint (child.name_offset, ==, prefix_len);
      g_assert_cmpmem (key + child.name_offset, child.name_len,
                       g_bytes_get_data (ref->name, NULL), g_bytes_get_size (ref->name));
      n_keys += child.n_keys;

      /* A leaf's name is a namespace only if the next child says so */
      found = kh_key_children_find_namespace (children, key + child.name_offset, child.name_len, &ns);
      if (ref->is_namespace)
        {
          g_assert_true (found);
          g_assert_cmpuint (ns.key_id, ==, ref->key_id);
          g_assert_cmpuint (ns.n_keys, ==, ref->n_keys);
        }
      else
        {
          RefChild *next = i + 1 < n ? expected->pdata[i + 1] : NULL;

          g_assert_cmpint (found, ==, next != NULL && next->is_namespace && g_bytes_equal (next->name, ref->name));
        }
    }

  g_assert_cmpuint (kh_key_children_get_n_keys (children), ==, n_keys);
  g_assert_false (kh_key_children_get_child (children, n, &child));
  g_assert_false (kh_key_children_get_ids (children, n, 1, ids));
  if (n > 2)
    {
      g_assert_true (kh_key_children_get_ids (children, n / 2, n - n / 2, ids));
      g_assert_cmpuint (ids[0], ==, ((RefChild *) expected->pdata[n / 2])->key_id);
      g_assert_cmpuint (ids[n - n / 2 - 1], ==, ((RefChild *) expected->pdata[n - 1])->key_id);
    }
}

/* The root and every namespace of the index */
static void
assert_all_children_match (KhKeyIndex *index)
{
  g_autoptr(GHashTable) prefixes = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  char d = kh_key_index_get_delimiter (index);
  GHashTableIter iter;
  gpointer prefix;
  guint n;
  const guint32 *ids = kh_key_index_get_sorted (index, &n);

  for (guint i = 0; i < n; i++)
    {
      gsize len;
      const char *key = kh_key_index_get_key (index, ids[i], &len);

      for (gsize j = 0; j < len; j++)
        if (key[j] == d)
          g_hash_table_add (prefixes, g_bytes_new (key, j + 1));
    }

  assert_children_match (index, "", 0);
  g_hash_table_iter_init (&iter, prefixes);
  while (g_hash_table_iter_next (&iter, &prefix, NULL))
    assert_children_match (index, g_bytes_get_data (prefix, NULL), g_bytes_get_size (prefix));
}

/* Children stay right through every way the order changes: merges of small
 * and large batches, removals, keys added again, compaction, a full sort */
static void
test_children_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  add_random_keys (index, rand, 3000);
  assert_all_children_match (index);

  for (guint round = 0; round < 14; round++)
    {
      switch (round % 7)
        {
        case 0:   /* merged one by one */
          add_random_keys (index, rand, 8);
          break;
        case 1:   /* merged in one pass */
          add_random_keys (index, rand, 600);
          break;
        case 2:
          remove_random_keys (index, rand, 40, removed);
          break;
        case 3:   /* back again, and more gone, in one sort */
          for (guint i = 0; i < removed->len; i += 2)
            kh_key_index_add (index, g_bytes_get_data (removed->pdata[i], NULL),
                              g_bytes_get_size (removed->pdata[i]));
          g_ptr_array_set_size (removed, 0);
          remove_random_keys (index, rand, 20, NULL);
          add_random_keys (index, rand, 5);
          break;
        case 4:
          remove_random_keys (index, rand, 30, NULL);
          kh_key_index_compact (index);
          break;
        case 5:   /* a new delimiter sorts everything again */
          kh_key_index_set_delimiter (index, '/');
          assert_all_children_match (index);
          kh_key_index_set_delimiter (index, ':');
          break;
        default:  /* no look at the order between the changes */
          add_random_keys (index, rand, 10);
          remove_random_keys (index, rand, 1, NULL);
          add_random_keys (index, rand, 300);
          break;
        }
      assert_all_children_match (index);
    }
}

/* A sub-namespace too long to scan is skipped by galloping, whether its
 * entries are known yet or not */
static void
test_children_large_namespace (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  static const char *others[] = { "bh:1", "bi", "big", "bigger:1", "c", NULL };

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *key = g_strdup_printf ("big:%u", i);
      g_autofree char *nested = g_strdup_printf ("big:%u:x", i * 7);

      kh_key_index_add (index, key, strlen (key));
      if (i % 3 == 0)
        kh_key_index_add (index, nested, strlen (nested));
    }
  for (guint i = 0; others[i] != NULL; i++)
    kh_key_index_add (index, others[i], strlen (others[i]));

  /* Right after a full sort nothing is known */
  assert_children_match (index, "", 0);
  assert_children_match (index, K ("big:"));
  assert_children_match (index, "", 0);

  /* Known now, and kept through a merge */
  kh_key_index_add (index, K ("big:5000:y"));
  kh_key_index_add (index, K ("bj"));
  assert_children_match (index, "", 0);
  assert_children_match (index, K ("big:"));
}

/* Past SHARED_MAX segments the keys are read instead; at the edge, a
 * count that is capped still tells children apart */
static void
test_children_deep (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(GString) prefix = g_string_new (NULL);

  for (guint depth = 0; depth <= 300; depth++)
    {
      if (depth >= 248 || depth % 50 == 0)
        {
          static const char *tails[] = { "leaf", "ns:a", "ns:b", "ns:b:c", "z", NULL };

          for (guint i = 0; tails[i] != NULL; i++)
            {
              g_autofree char *key = g_strconcat (prefix->str, tails[i], NULL);

              kh_key_index_add (index, key, strlen (key));
            }
        }
      g_string_append (prefix, "d:");
    }

  assert_all_children_match (index);
  kh_key_index_add (index, K ("d:d:late"));
  assert_all_children_match (index);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/key-index/children", test_children);
  g_test_add_func ("/core/key-index/children-many", test_children_many);
  g_test_add_func ("/core/key-index/children-edges", test_children_edges);
  g_test_add_func ("/core/key-index/children-random", test_children_random);
  g_test_add_func ("/core/key-index/children-large-namespace", test_children_large_namespace);
  g_test_add_func ("/core/key-index/children-deep", test_children_deep);

  return g_test_run ();
}
