/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-key-index.c: memory and speed of the key index at scale
 *
 * Usage: bench-key-index [N]   (default 1000000 keys)
 *
 * Builds N realistic keys (half "sess:<uuid>", the rest user, cache and
 * rate-limit namespaces), adds them in SCAN-sized batches of 1000 with a few
 * duplicates, and prints memory and the time of the operations the key
 * browser does. Then times expanding a namespace in the tree (making its
 * model, n_items and the first 50 rows, as GtkTreeListModel does) for the
 * root of that keyspace, for N leaves directly in one namespace and for N
 * one-key sub-namespaces, each in an index of N keys of its own.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "kh-key-index.h"
#include "kh-key-item.h"
#include "kh-key-list-model.h"
#include "kh-key-tree-model.h"

#define BATCH 1000

static const char *endpoints[] = { "/api/login", "/api/search", "/api/upload", "/graphql" };

static guint64
mix (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

/* The i-th key; distinct for distinct i */
static gsize
make_key (guint64 i,
          char   *buf,
          gsize   size)
{
  guint64 h = mix (i + 1);
  guint64 q = i / 10;
  int n;

  switch (i % 10)
    {
    case 0: case 1: case 2: case 3: case 4:
      n = g_snprintf (buf, size, "sess:%08x-%04x-4%03x-%04x-%012" G_GINT64_MODIFIER "x",
                      (guint) (h >> 32), (guint) (h >> 16) & 0xffff, (guint) h & 0xfff,
                      (guint) (mix (h) & 0xffff), i);
      break;
    case 5: case 6:
      n = g_snprintf (buf, size, "user:%" G_GUINT64_FORMAT, q * 2 + (i % 10 - 5));
      break;
    case 7: case 8:
      n = g_snprintf (buf, size, "cache:/api/v1/projects/%" G_GUINT64_FORMAT, q * 2 + (i % 10 - 7));
      break;
    default:
      n = g_snprintf (buf, size, "rate-limit:10.%u.%u.%u:%s",
                      (guint) (q / 4 >> 16) & 0xff, (guint) (q / 4 >> 8) & 0xff,
                      (guint) (q / 4) & 0xff, endpoints[q % 4]);
      break;
    }
  return (gsize) n;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return v[n / 2];
}

#define MB(x) ((double) (x) / (1024.0 * 1024.0))

/* Key i of an index where every key is in one kind of namespace */
typedef gsize (*MakeKeyFunc) (guint64 i, char *buf, gsize size);

static gsize
make_leaf_key (guint64  i,
               char    *buf,
               gsize    size)
{
  guint64 h = mix (i + 1);

  return (gsize) g_snprintf (buf, size, "task:%08x-%04x-%012" G_GINT64_MODIFIER "x",
                             (guint) (h >> 32), (guint) (h >> 16) & 0xffff, i);
}

static gsize
make_nested_key (guint64  i,
                 char    *buf,
                 gsize    size)
{
  return (gsize) g_snprintf (buf, size, "user:%" G_GUINT64_FORMAT ":profile", i);
}

/* N keys added in batches of 1000 in a random order, as SCAN returns them,
 * so that neighbours in the order are not neighbours in memory; sorted
 * after the first batch and then every 64, as the key browser sorts in
 * what it moved */
static KhKeyIndex *
index_of (guint64      n,
          MakeKeyFunc  make)
{
  KhKeyIndex *index = kh_key_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint32 *order = g_new (guint32, n);
  char *buf = g_malloc (BATCH * 64);
  KhKeyRef refs[BATCH];

  for (guint64 i = 0; i < n; i++)
    order[i] = (guint32) i;
  for (guint64 i = n - 1; i > 0; i--)
    {
      guint64 j = MIN ((guint64) g_rand_double_range (rand, 0, (double) (i + 1)), i);
      guint32 t = order[i];

      order[i] = order[j];
      order[j] = t;
    }

  for (guint64 base = 0; base < n; base += BATCH)
    {
      gsize used = 0;
      guint count = 0;

      for (guint64 j = base; j < MIN (base + BATCH, n); j++)
        {
          refs[count].data = buf + used;
          refs[count].len = make (order[j], buf + used, 64);
          used += refs[count].len;
          count++;
        }
      kh_key_index_add_batch (index, refs, count);
      if (base == 0 || (base / BATCH) % 64 == 63)
        kh_key_index_get_sorted (index, NULL);
    }
  kh_key_index_get_sorted (index, NULL);
  g_free (buf);
  g_free (order);
  return index;
}

/* What expanding a namespace costs: its model, n_items, the first 50 rows */
static double
expand_once (KhKeyIndex *index,
             const char *prefix,
             guint      *n_items)
{
  g_autoptr(KhKeyTreeModel) model = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double ms;

  model = kh_key_tree_model_new (index, prefix, strlen (prefix));
  *n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < MIN (*n_items, 50); i++)
    {
      g_autoptr(KhKeyItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_nonnull (item);
    }
  ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
  return ms;
}

/* The first expansion, the median of five more, a SCAN batch of 1000 new
 * keys arriving while the namespace is expanded, and the first expansion
 * after the whole order was sorted again (a new delimiter does that) */
static void
time_expand (const char  *label,
             KhKeyIndex  *index,
             const char  *prefix,
             guint64      n,
             MakeKeyFunc  make)
{
  double runs[5], first, batch_ms = 0, resorted = 0;
  guint n_items = 0, n_rows;

  first = expand_once (index, prefix, &n_rows);
  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    runs[r] = expand_once (index, prefix, &n_items);

  if (make != NULL)
    {
      g_autoptr(KhKeyTreeModel) model = kh_key_tree_model_new (index, prefix, strlen (prefix));
      char *buf = g_malloc (BATCH * 64);
      KhKeyRef refs[BATCH];
      gsize used = 0;
      gint64 t0;

      g_list_model_get_n_items (G_LIST_MODEL (model));
      for (guint i = 0; i < BATCH; i++)
        {
          refs[i].data = buf + used;
          refs[i].len = make (n + i, buf + used, 64);
          used += refs[i].len;
        }
      t0 = g_get_monotonic_time ();
      kh_key_index_add_batch (index, refs, BATCH);
      batch_ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
      g_free (buf);

      g_clear_object (&model);
      kh_key_index_set_delimiter (index, '/');
      kh_key_index_set_delimiter (index, ':');
      kh_key_index_get_sorted (index, NULL);
      resorted = expand_once (index, prefix, &n_items);
    }

  printf ("expand %s: %.3f ms first, %.3f ms median of 5 (%u rows)\n",
          label, first, median (runs, G_N_ELEMENTS (runs)), n_rows);
  if (make != NULL)
    {
      printf ("  a batch of %d new keys in it while expanded: %.3f ms\n", BATCH, batch_ms);
      printf ("  first expansion after a full sort: %.3f ms\n", resorted);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint64 n = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(KhKeyIndex) index = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  char *buf = g_malloc (BATCH * 96 * 2);
  KhKeyRef refs[BATCH * 2];
  gsize baseline = (gsize) bench_proc_status_bytes ("VmHWM");
  gsize mem, rss;
  gint64 t0;
  double add_s, sort_s, substring[5], glob[3];
  guint64 added = 0, sent = 0;
  guint n_sorted, n_matches = 0;

  if (n == 0 || n > G_MAXUINT32 - 1)
    {
      fprintf (stderr, "usage: %s [number of keys, 1 to 4294967294]\n", argv[0]);
      return 1;
    }

  index = kh_key_index_new ();

  /* Loading: batches of 1000, about 1% of them keys sent again */
  t0 = g_get_monotonic_time ();
  for (guint64 base = 0; base < n; base += BATCH)
    {
      gsize used = 0;
      guint count = 0;

      for (guint64 i = base; i < MIN (base + BATCH, n); i++)
        {
          refs[count].data = buf + used;
          refs[count].len = make_key (i, buf + used, 96);
          used += refs[count].len;
          count++;

          if (i > 0 && g_rand_int_range (rand, 0, 100) == 0)
            {
              guint64 again = (guint64) g_rand_double_range (rand, 0, (double) i);

              refs[count].data = buf + used;
              refs[count].len = make_key (again, buf + used, 96);
              used += refs[count].len;
              count++;
            }
        }
      sent += count;
      added += kh_key_index_add_batch (index, refs, count);
    }
  add_s = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  g_assert_cmpuint (added, ==, n);

  t0 = g_get_monotonic_time ();
  kh_key_index_get_sorted (index, &n_sorted);
  sort_s = (double) (g_get_monotonic_time () - t0) / G_USEC_PER_SEC;
  g_assert_cmpuint (n_sorted, ==, n);

  mem = kh_key_index_get_memory_usage (index);
  rss = (gsize) bench_proc_status_bytes ("VmHWM");

  printf ("keys: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT " sent, duplicates ignored)\n", n, sent);
  printf ("total key bytes: %.1f MB (%.1f bytes/key)\n",
          MB (kh_key_index_get_total_key_bytes (index)),
          (double) kh_key_index_get_total_key_bytes (index) / (double) n);
  printf ("index memory: %.1f MB, overhead %.1f bytes/key beyond the key bytes\n",
          MB (mem), (double) (mem - kh_key_index_get_total_key_bytes (index)) / (double) n);
  if (rss > 0)
    printf ("peak RSS - baseline: %.1f MB\n", MB (rss - baseline));
  printf ("add in batches of %d: %.3f s (%.0f ns/key)\n", BATCH, add_s, add_s * 1e9 / (double) sent);
  printf ("sort: %.3f s\n", sort_s);

  for (guint r = 0; r < G_N_ELEMENTS (substring); r++)
    {
      g_autoptr(GArray) ids = NULL;

      t0 = g_get_monotonic_time ();
      ids = kh_key_index_filter (index, "projects/777", 12, KH_KEY_FILTER_SUBSTRING, NULL, NULL);
      substring[r] = (double) (g_get_monotonic_time () - t0) / 1000.0;
      n_matches = ids->len;
    }
  printf ("substring filter \"projects/777\": %.1f ms median of 5 (%u matches)\n",
          median (substring, G_N_ELEMENTS (substring)), n_matches);

  for (guint r = 0; r < G_N_ELEMENTS (glob); r++)
    {
      g_autoptr(GArray) ids = NULL;

      t0 = g_get_monotonic_time ();
      ids = kh_key_index_filter (index, "user:1?3*", 9, KH_KEY_FILTER_GLOB, NULL, NULL);
      glob[r] = (double) (g_get_monotonic_time () - t0) / 1000.0;
      n_matches = ids->len;
    }
  printf ("glob filter \"user:1?3*\": %.1f ms median of 3 (%u matches)\n",
          median (glob, G_N_ELEMENTS (glob)), n_matches);

  {
    g_autoptr(KhKeyChildren) root = NULL;
    g_autoptr(KhKeyChildren) sess = NULL;
    g_autoptr(KhKeyChildren) rate = NULL;
    g_autoptr(KhKeyTreeModel) model = NULL;
    double root_ms, sess_ms, rate_ms, model_ms;

    t0 = g_get_monotonic_time ();
    root = kh_key_index_get_children (index, NULL, 0, ':');
    root_ms = (double) (g_get_monotonic_time () - t0) / 1000.0;

    t0 = g_get_monotonic_time ();
    sess = kh_key_index_get_children (index, "sess:", 5, ':');
    sess_ms = (double) (g_get_monotonic_time () - t0) / 1000.0;

    t0 = g_get_monotonic_time ();
    rate = kh_key_index_get_children (index, "rate-limit:", 11, ':');
    rate_ms = (double) (g_get_monotonic_time () - t0) / 1000.0;

    t0 = g_get_monotonic_time ();
    model = kh_key_tree_model_new (index, "sess:", 5);
    model_ms = (double) (g_get_monotonic_time () - t0) / 1000.0;

    printf ("tree children of the root: %.3f ms (%u children)\n",
            root_ms, kh_key_children_get_n_children (root));
    printf ("tree children of \"sess:\": %.1f ms (%u children)\n",
            sess_ms, kh_key_children_get_n_children (sess));
    printf ("tree children of \"rate-limit:\": %.1f ms (%u sub-namespaces)\n",
            rate_ms, kh_key_children_get_n_children (rate));
    printf ("tree model of \"sess:\" (children + row ids): %.1f ms (%u rows)\n",
            model_ms, g_list_model_get_n_items (G_LIST_MODEL (model)));
  }

  {
    g_autoptr(KhKeyListModel) list = kh_key_list_model_new (index);
    guint live = kh_key_item_get_n_live ();
    double merge_ms;

    for (guint i = 0; i < 100 && n / 2 + i < n; i++)
      {
        g_autoptr(KhKeyItem) item = g_list_model_get_item (G_LIST_MODEL (list), (guint) (n / 2) + i);
        g_assert_nonnull (item);
      }
    printf ("flat model: %u rows, %u row objects alive after reading 100\n",
            g_list_model_get_n_items (G_LIST_MODEL (list)), kh_key_item_get_n_live () - live);

    /* One more SCAN batch arriving after the sort */
    {
      gsize used = 0;

      for (guint i = 0; i < BATCH; i++)
        {
          refs[i].data = buf + used;
          refs[i].len = make_key (n + i, buf + used, 96);
          used += refs[i].len;
        }
      kh_key_index_add_batch (index, refs, BATCH);
      t0 = g_get_monotonic_time ();
      kh_key_index_get_sorted (index, NULL);
      merge_ms = (double) (g_get_monotonic_time () - t0) / 1000.0;
    }
    printf ("merging a new batch of %d into the order: %.1f ms\n", BATCH, merge_ms);
  }

  time_expand ("the root of this keyspace", index, "", n, NULL);
  mem = kh_key_index_get_memory_usage (index);
  printf ("index memory after the merge and the tree: %.1f MB, overhead %.1f bytes/key\n",
          MB (mem), (double) (mem - kh_key_index_get_total_key_bytes (index)) / (double) n);

  {
    g_autoptr(KhKeyIndex) leaves = index_of (n, make_leaf_key);
    g_autofree char *label = g_strdup_printf ("\"task:\" (%" G_GUINT64_FORMAT " leaf children)", n);

    time_expand (label, leaves, "task:", n, make_leaf_key);
  }

  {
    g_autoptr(KhKeyIndex) nested = index_of (n, make_nested_key);
    g_autofree char *label = g_strdup_printf ("\"user:\" (%" G_GUINT64_FORMAT " one-key sub-namespaces)", n);

    time_expand (label, nested, "user:", n, make_nested_key);
  }

  rss = (gsize) bench_proc_status_bytes ("VmHWM");
  if (rss > 0)
    printf ("peak RSS - baseline at the end: %.1f MB\n", MB (rss - baseline));

  g_free (buf);
  return 0;
}
