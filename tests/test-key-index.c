/* test-key-index.c: the compact key index, its order, namespaces, filters and models */
#include "config.h"

#include <string.h>

#include "kh-glob.h"
#include "kh-key-index.h"
#include "kh-key-index-private.h"
#include "kh-mapped-array.h"
#include "kh-key-item.h"
#include "kh-key-list-model.h"
#include "kh-key-tree-model.h"
#include "kh-key-unknown-model.h"

#define K(s) (s), (sizeof (s) - 1)

static KhKeyIndex *
index_with (const char * const *keys)
{
  KhKeyIndex *index = kh_key_index_new ();

  for (guint i = 0; keys[i] != NULL; i++)
    kh_key_index_add (index, keys[i], strlen (keys[i]));
  return index;
}

/* The sorted keys joined with spaces, for readable assertions */
static char *
sorted_keys (KhKeyIndex *index)
{
  GString *s = g_string_new (NULL);
  guint n;
  const guint32 *ids = kh_key_index_get_sorted (index, &n);

  for (guint i = 0; i < n; i++)
    {
      gsize len;
      const char *k = kh_key_index_get_key (index, ids[i], &len);

      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append_len (s, k, len);
    }
  return g_string_free (s, FALSE);
}

static void
test_binary_keys (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  static const char with_nul[] = "a\0b";
  static const char high[] = "\xff\xfe\x00\x01";
  g_autofree char *big = g_malloc (300 * 1024);
  g_autoptr(GBytes) dup = NULL;
  guint32 id;
  gsize len;
  const char *k;

  memset (big, 'x', 300 * 1024);
  big[12345] = '\0';

  g_assert_true (kh_key_index_add (index, with_nul, 3));
  g_assert_true (kh_key_index_add (index, high, 4));
  g_assert_true (kh_key_index_add (index, "a", 1));
  g_assert_true (kh_key_index_add (index, "", 0));
  g_assert_true (kh_key_index_add (index, big, 300 * 1024));
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 5);
  g_assert_cmpuint (kh_key_index_get_total_key_bytes (index), ==, 3 + 4 + 1 + 0 + 300 * 1024);

  /* "a\0b" is not "a" */
  id = kh_key_index_lookup (index, with_nul, 3);
  g_assert_cmpuint (id, !=, KH_KEY_ID_INVALID);
  k = kh_key_index_get_key (index, id, &len);
  g_assert_cmpmem (k, len, with_nul, 3);

  id = kh_key_index_lookup (index, high, 4);
  g_assert_cmpuint (id, !=, KH_KEY_ID_INVALID);
  dup = kh_key_index_dup_key (index, id);
  g_assert_cmpmem (g_bytes_get_data (dup, NULL), g_bytes_get_size (dup), high, 4);

  id = kh_key_index_lookup (index, big, 300 * 1024);
  k = kh_key_index_get_key (index, id, &len);
  g_assert_cmpmem (k, len, big, 300 * 1024);

  g_assert_true (kh_key_index_contains (index, "", 0));
  g_assert_false (kh_key_index_contains (index, "a\0", 2));
  g_assert_false (kh_key_index_contains (index, "\xff\xfe", 2));
  g_assert_cmpuint (kh_key_index_get_memory_usage (index), >=, 300 * 1024);
}

static void
test_huge_key (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  gsize size = 17 * 1024 * 1024;   /* past the 24-bit length field */
  g_autofree char *huge = g_malloc (size);
  guint32 id;
  gsize len;
  const char *k;

  memset (huge, 'h', size);
  huge[size - 1] = 'z';
  g_assert_true (kh_key_index_add (index, huge, size));
  g_assert_true (kh_key_index_add (index, K ("small")));
  g_assert_false (kh_key_index_add (index, huge, size));

  id = kh_key_index_lookup (index, huge, size);
  k = kh_key_index_get_key (index, id, &len);
  g_assert_cmpuint (len, ==, size);
  g_assert_cmpint (k[size - 1], ==, 'z');
  g_assert_true (kh_key_index_contains (index, K ("small")));
}

static void
test_dedup (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  KhKeyRef batch[] = {
    { K ("user:1") }, { K ("user:2") }, { K ("user:1") }, { K ("user:3") }, { K ("user:2") },
  };
  guint64 version;

  g_assert_true (kh_key_index_add (index, K ("user:1")));
  version = kh_key_index_get_version (index);
  g_assert_false (kh_key_index_add (index, K ("user:1")));
  g_assert_cmpuint (kh_key_index_get_version (index), ==, version);

  g_assert_cmpuint (kh_key_index_add_batch (index, batch, G_N_ELEMENTS (batch)), ==, 2);
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 3);
  g_assert_cmpuint (kh_key_index_get_n_ids (index), ==, 3);
  g_assert_cmpuint (kh_key_index_add_batch (index, batch, G_N_ELEMENTS (batch)), ==, 0);
  g_assert_cmpuint (kh_key_index_get_total_key_bytes (index), ==, 18);

  /* Enough keys to grow the dedup set several times */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < 20000; i++)
      {
        g_autofree char *key = g_strdup_printf ("k:%u", i);
        g_assert_cmpint (kh_key_index_add (index, key, strlen (key)), ==, round == 0);
      }
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 20003);
}

static void
add_numbered_keys (KhKeyIndex *index,
                   guint       from,
                   guint       to)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (KhKeyRef));

  for (guint i = from; i < to; i++)
    {
      char *name = g_strdup_printf ("reserve:%u", i);
      KhKeyRef ref = { name, strlen (name) };

      g_ptr_array_add (names, name);
      g_array_append_val (refs, ref);
    }
  g_assert_cmpuint (kh_key_index_add_batch (index, (KhKeyRef *) (gpointer) refs->data, refs->len), ==, to - from);
}

static void
assert_numbered_keys (KhKeyIndex *index,
                      guint       n)
{
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, n);
  for (guint i = 0; i < n; i += 1 + i / 8)
    {
      g_autofree char *name = g_strdup_printf ("reserve:%u", i);

      g_assert_true (kh_key_index_contains (index, name, strlen (name)));
    }
}

/* A set reserved ahead for many keys is taken up once its pages are mapped
 * in, not by the first keys added, which would fault in all its pages at
 * once; keys that outgrow the set in use take it up at once */
static void
test_reserve (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyIndex) growing = kh_key_index_new ();
  g_autoptr(KhKeyIndex) small = kh_key_index_new ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gsize reserved;

  kh_key_index_reserve (index, 1000000);
  reserved = index->next_cap;
  g_assert_cmpuint (reserved * 3, >=, 1000000 * 4);
  g_assert_cmpuint (index->cap, <, reserved);

  add_numbered_keys (index, 0, 5000);
  g_assert_cmpuint (index->cap, <, reserved);
  g_assert_cmpuint (index->next_cap, ==, reserved);
  assert_numbered_keys (index, 5000);

  while (!(kh_mapped_array_is_ready (index->next_slots, reserved * sizeof (guint32)) &&
           kh_mapped_array_is_ready (index->next_tags, reserved)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  add_numbered_keys (index, 5000, 5010);
  g_assert_cmpuint (index->cap, ==, reserved);
  g_assert_cmpuint (index->next_cap, ==, 0);
  assert_numbered_keys (index, 5010);

  kh_key_index_reserve (growing, 1000000);
  reserved = growing->next_cap;
  add_numbered_keys (growing, 0, 600000);
  g_assert_cmpuint (growing->cap, ==, reserved);
  g_assert_cmpuint (growing->next_cap, ==, 0);
  assert_numbered_keys (growing, 600000);
  kh_key_index_clear (growing);
  kh_key_index_reserve (growing, 1000000);
  kh_key_index_clear (growing);
  g_assert_cmpuint (growing->next_cap, ==, 0);

  /* A set too small to be mapped on its own is made at once */
  kh_key_index_reserve (small, 10000);
  g_assert_cmpuint (small->cap * 3, >=, 10000 * 4);
  g_assert_cmpuint (small->next_cap, ==, 0);
  add_numbered_keys (small, 0, 10000);
  assert_numbered_keys (small, 10000);
}

/* Each key sorts strictly before the next */
static const char *natural_table[] = {
  "",
  "0",
  "00",
  "1",
  "01b",
  "2",
  "10",
  "999",
  "1000",
  "12345678901234567890",
  "123456789012345678901",
  "A",
  "a",
  "a:b",            /* the delimiter sorts lowest: "a" segment first */
  "a 1",
  "a!b",
  "a01",            /* equal to "a1" by value, then bytewise */
  "a1",
  "a1b",
  "a2",
  "a2b",
  "a9",
  "a10",
  "a10a",
  "ab",
  "abc",
  "abd",
  "file2.txt",
  "file10.txt",
  "user",
  "user:1",
  "user:1:x",
  "user:2",
  "user:10",
  "user0",
  "v1.2",
  "v1.10",
  "x:9:z",
  "x:10:a",
  "\xff",
};

static void
test_natural_order (void)
{
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  guint n = G_N_ELEMENTS (natural_table);
  const guint32 *sorted;
  guint n_sorted;

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        const char *a = natural_table[i];
        const char *b = natural_table[j];
        int c = kh_key_compare (a, strlen (a), b, strlen (b), ':');

        if (i < j && c >= 0)
          g_error ("expected \"%s\" < \"%s\", got %d", a, b, c);
        if (i > j && c <= 0)
          g_error ("expected \"%s\" > \"%s\", got %d", a, b, c);
        if (i == j)
          g_assert_cmpint (c, ==, 0);
      }

  /* NUL and high bytes are ordinary bytes */
  g_assert_cmpint (kh_key_compare (K ("a"), K ("a\0"), ':'), <, 0);
  g_assert_cmpint (kh_key_compare (K ("a\0"), K ("a\1"), ':'), <, 0);
  g_assert_cmpint (kh_key_compare (K ("a~"), K ("a\xff"), ':'), <, 0);

  /* The index sorts the same way, added in reverse and in two batches */
  for (guint i = n; i-- > n / 2;)
    kh_key_index_add (index, natural_table[i], strlen (natural_table[i]));
  sorted = kh_key_index_get_sorted (index, &n_sorted);
  g_assert_cmpuint (n_sorted, ==, n - n / 2);
  for (guint i = n / 2; i-- > 0;)
    kh_key_index_add (index, natural_table[i], strlen (natural_table[i]));

  sorted = kh_key_index_get_sorted (index, &n_sorted);
  g_assert_cmpuint (n_sorted, ==, n);
  for (guint i = 0; i < n; i++)
    {
      gsize len;
      const char *k = kh_key_index_get_key (index, sorted[i], &len);

      g_assert_cmpmem (k, len, natural_table[i], strlen (natural_table[i]));
    }
}

/* A key of namespaces a-c, numbers and x-z; with @ends, one in four sorts
 * before or after all of those */
static char *
random_sort_key (GRand    *rand,
                 gboolean  ends)
{
  switch (ends ? g_rand_int_range (rand, 0, 8) : 2)
    {
    case 0:
      return g_strdup_printf ("0:%u", g_rand_int_range (rand, 0, 100000));
    case 1:
      return g_strdup_printf ("zz:%u", g_rand_int_range (rand, 0, 100000));
    default:
      return g_strdup_printf ("%c%c:%u:%c%u",
                              'a' + g_rand_int_range (rand, 0, 3),
                              'a' + g_rand_int_range (rand, 0, 3),
                              g_rand_int_range (rand, 0, 200),
                              'x' + g_rand_int_range (rand, 0, 3),
                              g_rand_int_range (rand, 0, 1000));
    }
}

/* Many random keys sorted incrementally equal the same keys sorted at once:
 * first in batches that are merged in, then in batches small enough to be
 * placed one key at a time (under 1/32 of the order) */
static void
test_incremental_sort (void)
{
  g_autoptr(KhKeyIndex) incremental = kh_key_index_new ();
  g_autoptr(KhKeyIndex) once = kh_key_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  for (guint batch = 0; batch < 50; batch++)
    {
      gboolean small = batch >= 20;

      for (guint i = 0; i < (small ? 40 : 500); i++)
        {
          g_autofree char *key = random_sort_key (rand, small);

          kh_key_index_add (incremental, key, strlen (key));
          kh_key_index_add (once, key, strlen (key));
        }
      kh_key_index_get_sorted (incremental, NULL);
    }

  a = sorted_keys (incremental);
  b = sorted_keys (once);
  g_assert_cmpstr (a, ==, b);

  /* And the order really is ascending */
  {
    guint n;
    const guint32 *ids = kh_key_index_get_sorted (once, &n);

    g_assert_cmpuint (n, >, 5000);
    for (guint i = 1; i < n; i++)
      {
        gsize l1, l2;
        const char *k1 = kh_key_index_get_key (once, ids[i - 1], &l1);
        const char *k2 = kh_key_index_get_key (once, ids[i], &l2);

        g_assert_cmpint (kh_key_compare (k1, l1, k2, l2, ':'), <, 0);
      }
  }
}

static int
compare_bytes_for_sort (gconstpointer a,
                        gconstpointer b)
{
  GBytes *x = *(GBytes * const *) a;
  GBytes *y = *(GBytes * const *) b;
  gsize xl, yl;
  const char *xd = g_bytes_get_data (x, &xl);
  const char *yd = g_bytes_get_data (y, &yl);

  return kh_key_compare (xd, xl, yd, yl, ':');
}

/* The index's sort (radix for large sets) agrees with kh_key_compare on
 * adversarial keys: digits with leading zeros, delimiters, NUL, 0x01, 0xff */
static void
test_sort_matches_compare (void)
{
  static const char alphabet[] = { '0', '0', '1', '9', ':', ':', '\0', '\1', '\xff', 'a', ' ', '!', '/' };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(KhKeyIndex) index = kh_key_index_new ();
      g_autoptr(GPtrArray) reference = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      guint n;
      const guint32 *sorted;

      for (guint i = 0; i < 6000; i++)
        {
          char key[24];
          gsize len = (gsize) g_rand_int_range (rand, 0, round == 2 ? 24 : 9);

          for (gsize j = 0; j < len; j++)
            key[j] = alphabet[g_rand_int_range (rand, 0, G_N_ELEMENTS (alphabet))];
          /* Long shared prefixes make the radix sort go deep */
          if (round == 1 && len > 2)
            memcpy (key, "0:0", 3);
          if (kh_key_index_add (index, key, len))
            g_ptr_array_add (reference, g_bytes_new (key, len));
        }

      g_ptr_array_sort (reference, compare_bytes_for_sort);
      sorted = kh_key_index_get_sorted (index, &n);
      g_assert_cmpuint (n, ==, reference->len);
      g_assert_cmpuint (n, >, 256);
      for (guint i = 0; i < n; i++)
        {
          gsize len;
          const char *k = kh_key_index_get_key (index, sorted[i], &len);
          GBytes *expected = g_ptr_array_index (reference, i);

          g_assert_cmpmem (k, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
        }
    }
}

static const char *keyspace[] = {
  "user", "user:1", "user:2", "user:10", "user:1:profile", "user:1:settings",
  "a::b", "a:", "a:x", "b:c:", "plain", "z:y:x:w", NULL,
};

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

/* The children of a namespace as a walk over every sorted key finds them */
typedef struct {
  GBytes   *name;
  gboolean  is_namespace;
  guint     n_keys;
  guint32   key_id;
} RefChild;

static void
ref_child_free (gpointer data)
{
  RefChild *child = data;

  g_bytes_unref (child->name);
  g_free (child);
}

static GPtrArray *
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

/* Keys of up to three segments from a small alphabet (binary bytes, empty
 * segments, numbers that are equal by value), sometimes ending with the
 * delimiter, sometimes with a number */
static GBytes *
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

static guint
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

static void
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

static void
test_escape (void)
{
  static const struct {
    const char *in;
    gsize       len;
    const char *out;
  } cases[] = {
    { K ("user:1"), "user:1" },
    { K (""), "" },
    { K ("a\0b"), "a\\x00b" },
    { K ("\xff"), "\\xff" },
    { K ("caf\xc3\xa9"), "caf\xc3\xa9" },
    { K ("caf\xc3"), "caf\\xc3" },
    { K ("\xc3\xa9\xff\xc3\xa9"), "\xc3\xa9\\xff\xc3\xa9" },
    { K ("back\\slash"), "back\\\\slash" },
    { K ("tab\there\n"), "tab\\x09here\\x0a" },
    { K ("\x7f"), "\\x7f" },
    { K ("\xe2\x82\xac 5"), "\xe2\x82\xac 5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = kh_key_escape (cases[i].in, cases[i].len);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
}

static void
test_glob (void)
{
  static const struct {
    const char *pattern;
    gsize       plen;
    const char *str;
    gsize       slen;
    gboolean    match;
  } cases[] = {
    { K ("*"), K ("anything"), TRUE },
    { K ("*"), K (""), FALSE },            /* as on the server: "" only matches "" */
    { K (""), K (""), TRUE },
    { K (""), K ("a"), FALSE },
    { K ("a"), K ("a"), TRUE },
    { K ("a"), K ("b"), FALSE },
    { K ("a"), K ("ab"), FALSE },
    { K ("?"), K ("a"), TRUE },
    { K ("??"), K ("a"), FALSE },
    { K ("h?llo"), K ("hello"), TRUE },
    { K ("h?llo"), K ("hllo"), FALSE },
    { K ("h*llo"), K ("hllo"), TRUE },
    { K ("h*llo"), K ("heeeello"), TRUE },
    { K ("h*llo"), K ("hellp"), FALSE },
    { K ("h[ae]llo"), K ("hello"), TRUE },
    { K ("h[ae]llo"), K ("hillo"), FALSE },
    { K ("h[^e]llo"), K ("hallo"), TRUE },
    { K ("h[^e]llo"), K ("hello"), FALSE },
    { K ("h[a-b]llo"), K ("hbllo"), TRUE },
    { K ("h[a-b]llo"), K ("hcllo"), FALSE },
    { K ("h[b-a]llo"), K ("hallo"), TRUE },   /* reversed range */
    { K ("h\\*llo"), K ("h*llo"), TRUE },
    { K ("h\\*llo"), K ("hallo"), FALSE },
    { K ("[\\]]"), K ("]"), TRUE },
    { K ("[[]"), K ("["), TRUE },
    { K ("[]"), K ("a"), FALSE },           /* an empty set */
    { K ("[^]"), K ("a"), TRUE },
    { K ("[abc"), K ("b"), TRUE },          /* an open set runs to the end */
    { K ("[abc"), K ("d"), FALSE },
    { K ("[a-]"), K ("^"), TRUE },          /* "a-]" is the range ]..a */
    { K ("[a-]"), K ("b"), FALSE },
    { K ("\\"), K ("\\"), TRUE },           /* a lone trailing backslash is literal */
    { K ("a\\"), K ("a\\"), TRUE },
    { K ("*.txt"), K ("a.txt"), TRUE },
    { K ("*.txt"), K ("a.txt.gz"), FALSE },
    { K ("a*b*c"), K ("abc"), TRUE },
    { K ("a*b*c"), K ("aXbYc"), TRUE },
    { K ("a*b*c"), K ("acb"), FALSE },
    { K ("a**"), K ("a"), TRUE },
    { K ("*a"), K ("bbba"), TRUE },
    { K ("*a*a*a*b"), K ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), FALSE },
    { K ("user:*"), K ("user:1"), TRUE },
    { K ("user:*"), K ("user"), FALSE },
    { K ("*[0-9]"), K ("key5"), TRUE },
    { K ("*[0-9]"), K ("keyx"), FALSE },
    { K ("?"), K ("\xff"), TRUE },
    { K ("\xff*"), K ("\xff\0"), TRUE },
    { K ("*\0*"), K ("a\0b"), TRUE },
    { K ("*\0*"), K ("ab"), FALSE },
    { K ("[\x01-\xff]"), K ("\x80"), TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean got = kh_glob_match (cases[i].pattern, cases[i].plen, cases[i].str, cases[i].slen);

      if (got != cases[i].match)
        g_error ("glob case %u: \"%s\" against \"%s\": expected %d", i,
                 cases[i].pattern, cases[i].str, cases[i].match);
    }

  g_assert_true (kh_glob_is_literal (K ("user:1")));
  g_assert_false (kh_glob_is_literal (K ("user:?")));
}

static GArray *
filter (KhKeyIndex      *index,
        const char      *pattern,
        KhKeyFilterMode  mode)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = kh_key_index_filter (index, pattern, strlen (pattern), mode, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

static char *
join_ids (KhKeyIndex *index,
          GArray     *ids)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      gsize len;
      const char *k = kh_key_index_get_key (index, g_array_index (ids, guint32, i), &len);

      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append_len (s, k, len);
    }
  return g_string_free (s, FALSE);
}

static void
test_filter (void)
{
  g_autoptr(KhKeyIndex) index = index_with (keyspace);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  static const struct {
    const char      *pattern;
    KhKeyFilterMode  mode;
    const char      *expected;
  } cases[] = {
    { "user:1", KH_KEY_FILTER_SUBSTRING, "user:1 user:1:profile user:1:settings user:10" },
    { ":1", KH_KEY_FILTER_SUBSTRING, "user:1 user:1:profile user:1:settings user:10" },
    { "::", KH_KEY_FILTER_SUBSTRING, "a::b" },
    { "nothing", KH_KEY_FILTER_SUBSTRING, "" },
    { "user:?", KH_KEY_FILTER_GLOB, "user:1 user:2" },
    { "*:x*", KH_KEY_FILTER_GLOB, "a:x z:y:x:w" },    /* the substring shortcut */
    { "[ab]:*", KH_KEY_FILTER_GLOB, "a: a::b a:x b:c:" },
    { "*s", KH_KEY_FILTER_GLOB, "user:1:settings" },
    { "user:10", KH_KEY_FILTER_GLOB, "user:10" },     /* an exact name: a lookup */
    { "user:1", KH_KEY_FILTER_GLOB, "user:1" },
    { "missing", KH_KEY_FILTER_GLOB, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) ids = filter (index, cases[i].pattern, cases[i].mode);
      g_autofree char *got = join_ids (index, ids);

      g_assert_cmpstr (got, ==, cases[i].expected);
    }

  {
    g_autoptr(GArray) all = filter (index, "", KH_KEY_FILTER_SUBSTRING);
    g_assert_cmpuint (all->len, ==, 12);
  }

  /* Binary needles */
  kh_key_index_add (index, K ("bin\0\xff"));
  {
    g_autoptr(GArray) ids = kh_key_index_filter (index, K ("\0\xff"), KH_KEY_FILTER_SUBSTRING, NULL, NULL);
    g_assert_cmpuint (ids->len, ==, 1);
  }

  g_cancellable_cancel (cancellable);
  g_assert_null (kh_key_index_filter (index, K ("user"), KH_KEY_FILTER_SUBSTRING, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
count_changed (KhKeyIndex *index,
               guint      *count)
{
  (*count)++;
}

static void
test_remove (void)
{
  g_autoptr(KhKeyIndex) index = index_with (keyspace);
  g_autofree char *after_remove = NULL;
  g_autofree char *after_revive = NULL;
  g_autofree char *after_compact = NULL;
  g_autoptr(KhKeyChildren) children = NULL;
  guint changed = 0;
  guint64 generation;
  gsize memory;
  guint64 total = 0;

  for (guint i = 0; keyspace[i] != NULL; i++)
    total += strlen (keyspace[i]);
  g_assert_cmpuint (kh_key_index_get_total_key_bytes (index), ==, total);

  g_signal_connect (index, "changed", G_CALLBACK (count_changed), &changed);
  kh_key_index_get_sorted (index, NULL);

  g_assert_true (kh_key_index_remove (index, K ("user:2")));
  g_assert_false (kh_key_index_remove (index, K ("user:2")));
  g_assert_false (kh_key_index_remove (index, K ("missing")));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 11);
  g_assert_false (kh_key_index_contains (index, K ("user:2")));
  g_assert_cmpuint (kh_key_index_get_total_key_bytes (index), ==, total - 6);

  after_remove = sorted_keys (index);
  g_assert_cmpstr (after_remove, ==,
                   "a: a::b a:x b:c: plain user user:1 user:1:profile user:1:settings user:10 z:y:x:w");

  children = kh_key_index_get_children (index, K ("user:"), ':');
  g_assert_cmpuint (kh_key_children_get_n_children (children), ==, 3);
  g_clear_pointer (&children, kh_key_children_unref);

  /* Seen again by a later SCAN */
  g_assert_true (kh_key_index_add (index, K ("user:2")));
  g_assert_cmpuint (kh_key_index_get_n_ids (index), ==, 12);
  after_revive = sorted_keys (index);
  g_assert_cmpstr (after_revive, ==,
                   "a: a::b a:x b:c: plain user user:1 user:1:profile user:1:settings user:2 user:10 z:y:x:w");

  /* Removed and revived before anyone sorted: no duplicate in the order */
  kh_key_index_remove (index, K ("plain"));
  kh_key_index_add (index, K ("plain"));
  kh_key_index_remove (index, K ("plain"));
  kh_key_index_add (index, K ("plain"));
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 12);
  {
    g_autofree char *again = sorted_keys (index);
    g_assert_cmpstr (again, ==, after_revive);
  }

  /* Compaction frees removed keys and renumbers */
  kh_key_index_remove (index, K ("a::b"));
  kh_key_index_remove (index, K ("z:y:x:w"));
  generation = kh_key_index_get_generation (index);
  memory = kh_key_index_get_memory_usage (index);
  kh_key_index_compact (index);
  g_assert_cmpuint (kh_key_index_get_generation (index), >, generation);
  g_assert_cmpuint (kh_key_index_get_n_ids (index), ==, 10);
  g_assert_cmpuint (kh_key_index_get_memory_usage (index), <=, memory);
  after_compact = sorted_keys (index);
  g_assert_cmpstr (after_compact, ==,
                   "a: a:x b:c: plain user user:1 user:1:profile user:1:settings user:2 user:10");
  g_assert_true (kh_key_index_contains (index, K ("user:10")));
  g_assert_false (kh_key_index_contains (index, K ("a::b")));
  g_assert_true (kh_key_index_add (index, K ("a::b")));

  changed = 0;
  kh_key_index_clear (index);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 0);
  g_assert_false (kh_key_index_contains (index, K ("user")));
  g_assert_true (kh_key_index_add (index, K ("user")));
}

/* Keys whose TTL ran out leave by thousands: one change for the views, and
 * the counts of the namespaces that held them follow */
static void
test_remove_batch (void)
{
  g_autoptr(KhKeyIndex) index = index_with (keyspace);
  g_autoptr(KhKeyTreeModel) root = NULL;
  g_autoptr(KhKeyItem) limits = NULL;
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (KhKeyRef));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rest = NULL;
  guint changed = 0;
  guint n_root;

  for (guint i = 0; i < 1000; i++)
    {
      char *name = g_strdup_printf ("rate-limit:%u", i);

      kh_key_index_add (index, name, strlen (name));
      g_ptr_array_add (names, name);
    }
  root = kh_key_tree_model_new (index, NULL, 0);
  n_root = g_list_model_get_n_items (G_LIST_MODEL (root));
  for (guint i = 0; i < n_root && limits == NULL; i++)
    {
      g_autoptr(KhKeyItem) item = g_list_model_get_item (G_LIST_MODEL (root), i);

      if (g_str_equal (kh_key_item_get_name (item), "rate-limit"))
        limits = g_steal_pointer (&item);
    }
  g_assert_nonnull (limits);
  g_assert_cmpuint (kh_key_item_get_n_keys (limits), ==, 1000);

  /* 600 of them, one twice, and a key that is not there */
  for (guint i = 0; i < 600; i++)
    {
      KhKeyRef ref = { names->pdata[i], strlen (names->pdata[i]) };
      g_array_append_val (refs, ref);
    }
  g_array_append_val (refs, g_array_index (refs, KhKeyRef, 7));
  {
    KhKeyRef missing = { "rate-limit:x", 12 };
    g_array_append_val (refs, missing);
  }
  g_signal_connect (index, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_cmpuint (kh_key_index_remove_batch (index, (const KhKeyRef *) (gpointer) refs->data, refs->len), ==, 600);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 12 + 400);
  g_assert_false (kh_key_index_contains (index, K ("rate-limit:0")));
  g_assert_false (kh_key_index_contains (index, K ("rate-limit:599")));
  g_assert_true (kh_key_index_contains (index, K ("rate-limit:600")));
  g_assert_cmpuint (kh_key_item_get_n_keys (limits), ==, 400);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (root)), ==, n_root);

  /* Nothing to remove: no change */
  g_assert_cmpuint (kh_key_index_remove_batch (index, (const KhKeyRef *) (gpointer) refs->data, refs->len), ==, 0);
  g_assert_cmpuint (changed, ==, 1);

  /* The namespace's last keys: its row goes */
  g_array_set_size (refs, 0);
  for (guint i = 600; i < 1000; i++)
    {
      KhKeyRef ref = { names->pdata[i], strlen (names->pdata[i]) };
      g_array_append_val (refs, ref);
    }
  g_assert_cmpuint (kh_key_index_remove_batch (index, (const KhKeyRef *) (gpointer) refs->data, refs->len), ==, 400);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (root)), ==, n_root - 1);
  rest = sorted_keys (index);
  g_assert_cmpstr (rest, ==, "a: a::b a:x b:c: plain user user:1 user:1:profile user:1:settings user:2 user:10 z:y:x:w");

  /* Seen again by a later SCAN */
  g_assert_true (kh_key_index_add (index, K ("rate-limit:5")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (root)), ==, n_root);
}

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

  g_test_add_func ("/core/key-index/binary-keys", test_binary_keys);
  g_test_add_func ("/core/key-index/huge-key", test_huge_key);
  g_test_add_func ("/core/key-index/dedup", test_dedup);
  g_test_add_func ("/core/key-index/reserve", test_reserve);
  g_test_add_func ("/core/key-index/natural-order", test_natural_order);
  g_test_add_func ("/core/key-index/incremental-sort", test_incremental_sort);
  g_test_add_func ("/core/key-index/sort-matches-compare", test_sort_matches_compare);
  g_test_add_func ("/core/key-index/children", test_children);
  g_test_add_func ("/core/key-index/children-many", test_children_many);
  g_test_add_func ("/core/key-index/children-edges", test_children_edges);
  g_test_add_func ("/core/key-index/children-random", test_children_random);
  g_test_add_func ("/core/key-index/children-large-namespace", test_children_large_namespace);
  g_test_add_func ("/core/key-index/children-deep", test_children_deep);
  g_test_add_func ("/core/key-index/escape", test_escape);
  g_test_add_func ("/core/key-index/glob", test_glob);
  g_test_add_func ("/core/key-index/filter", test_filter);
  g_test_add_func ("/core/key-index/remove", test_remove);
  g_test_add_func ("/core/key-index/remove-batch", test_remove_batch);
  g_test_add_func ("/core/key-index/item", test_item);
  g_test_add_func ("/core/key-list-model/items-changed", test_list_model);
  g_test_add_func ("/core/key-list-model/lazy-items", test_list_model_lazy);
  g_test_add_func ("/core/key-tree-model/rows", test_tree_model);
  g_test_add_func ("/core/key-unknown-model/rows", test_unknown_model);
  g_test_add_func ("/core/key-tree-model/random-changes", test_tree_model_random);

  return g_test_run ();
}
