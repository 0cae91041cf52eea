/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-index-util.c: indexes to test with, for test-key-index,
 * test-key-children and test-key-models: a fixed keyspace, random keys, and
 * the children of a namespace as a plain walk over the sorted keys finds them */
#include "config.h"

#include <string.h>

#include "test-key-index.h"

KhKeyIndex *
index_with (const char * const *keys)
{
  KhKeyIndex *index = kh_key_index_new ();

  for (guint i = 0; keys[i] != NULL; i++)
    kh_key_index_add (index, keys[i], strlen (keys[i]));
  return index;
}

const char *keyspace[] = {
  "user", "user:1", "user:2", "user:10", "user:1:profile", "user:1:settings",
  "a::b", "a:", "a:x", "b:c:", "plain", "z:y:x:w", NULL,
};

static void
ref_child_free (gpointer data)
{
  RefChild *child = data;

  g_bytes_unref (child->name);
  g_free (child);
}

/* The children of a namespace as a walk over every sorted key finds them */
GPtrArray *
reference_children (KhKeyIndex *index,
                    const char *prefix,
                    gsize       prefix_len)
{
  GPtrArray *children = g_ptr_array_new_with_free_func (ref_child_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  char d = kh_key_index_get_delimiter (index);
  guint n;
  const guint32 *ids = kh_key_index_get_sorted (index, &n);

  for (guint i = 0; i < n; i++)
    {
      gsize len, name_len;
      const char *key = kh_key_index_get_key (index, ids[i], &len);
      const char *sep;
      RefChild *last = children->len > 0 ? children->pdata[children->len - 1] : NULL;
      RefChild *child;
      GString *identity;

      if (len < prefix_len || (prefix_len > 0 && memcmp (key, prefix, prefix_len) != 0))
        continue;
      sep = memchr (key + prefix_len, d, len - prefix_len);
      name_len = sep != NULL ? (gsize) (sep - key) - prefix_len : len - prefix_len;

      if (last != NULL && last->is_namespace && sep != NULL &&
          g_bytes_get_size (last->name) == name_len &&
          (name_len == 0 || memcmp (g_bytes_get_data (last->name, NULL), key + prefix_len, name_len) == 0))
        {
          last->n_keys++;
          continue;
        }

      /* Each child is one run of the order */
      identity = g_string_new_len (sep != NULL ? "n" : "l", 1);
      g_string_append_len (identity, key + prefix_len, (gssize) name_len);
      g_assert_true (g_hash_table_add (seen, g_string_free_to_bytes (identity)));

      child = g_new0 (RefChild, 1);
      child->name = g_bytes_new (key + prefix_len, name_len);
      child->is_namespace = sep != NULL;
      child->n_keys = 1;
      child->key_id = ids[i];
      g_ptr_array_add (children, child);
    }
  return children;
}

GBytes *
random_key (GRand *rand)
{
  static const KhKeyRef segments[] = {
    { K ("") }, { K ("a") }, { K ("ab") }, { K ("1") }, { K ("01") }, { K ("10") },
    { K ("\xff") }, { K ("\0") }, { K ("x9y") },
  };
  GString *key = g_string_new (NULL);
  guint n = (guint) g_rand_int_range (rand, 1, 4);

  for (guint i = 0; i < n; i++)
    {
      const KhKeyRef *segment = &segments[g_rand_int_range (rand, 0, G_N_ELEMENTS (segments))];

      if (i > 0)
        g_string_append_c (key, ':');
      g_string_append_len (key, segment->data, (gssize) segment->len);
    }
  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      g_string_append_c (key, ':');
      break;
    case 1: case 2: case 3:
      g_string_append_printf (key, ":%d", g_rand_int_range (rand, 0, 2000));
      break;
    default:
      break;
    }
  return g_string_free_to_bytes (key);
}

guint
add_random_keys (KhKeyIndex *index,
                 GRand      *rand,
                 guint       n)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree KhKeyRef *refs = g_new (KhKeyRef, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      GBytes *key = random_key (rand);

      g_ptr_array_add (keys, key);
      refs[i].data = g_bytes_get_data (key, &refs[i].len);
    }
  return kh_key_index_add_batch (index, refs, n);
}

void
remove_random_keys (KhKeyIndex *index,
                    GRand      *rand,
                    guint       n,
                    GPtrArray  *removed)
{
  for (guint i = 0; i < n; i++)
    {
      guint n_sorted;
      const guint32 *ids = kh_key_index_get_sorted (index, &n_sorted);
      g_autoptr(GBytes) key = NULL;

      if (n_sorted == 0)
        return;
      key = kh_key_index_dup_key (index, ids[g_rand_int_range (rand, 0, (gint32) n_sorted)]);
      g_assert_true (kh_key_index_remove (index, g_bytes_get_data (key, NULL), g_bytes_get_size (key)));
      if (removed != NULL)
        g_ptr_array_add (removed, g_bytes_ref (key));
    }
}
