/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-index.c: the compact key index: keys, their order, escaping, globs,
 * filters and removal; the namespaces (children) are tested in
 * test-key-children.c, the models over the index in test-key-models.c */
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
#include "test-key-index.h"

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
  g_test_add_func ("/core/key-index/escape", test_escape);
  g_test_add_func ("/core/key-index/glob", test_glob);
  g_test_add_func ("/core/key-index/filter", test_filter);
  g_test_add_func ("/core/key-index/remove", test_remove);
  g_test_add_func ("/core/key-index/remove-batch", test_remove_batch);

  return g_test_run ();
}
