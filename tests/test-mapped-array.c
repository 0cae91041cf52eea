/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mapped-array.c: large arrays mapped on their own, their pages mapped
 * in ahead by the main loop, a huge page per iteration */
#include "config.h"

#include <glib.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "kh-mapped-array.h"

#define SIZE ((gsize) 8 << 20)

#ifdef __linux__
/* How many of the pages of [mem, mem + size) are in memory */
static gsize
resident_pages (gpointer mem,
                gsize    size)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize n = (size + page - 1) / page;
  g_autofree unsigned char *vec = g_malloc (n);
  gsize resident = 0;

  g_assert_cmpint (mincore (mem, size, vec), ==, 0);
  for (gsize i = 0; i < n; i++)
    resident += vec[i] & 1;
  return resident;
}
#endif

static void
test_small (void)
{
  guint8 *mem = kh_mapped_array_new (1000);

  g_assert_false (kh_mapped_array_is_mapped (1000));
  g_assert_true (kh_mapped_array_is_ready (mem, 1000));
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (mem[i], ==, 0);
  kh_mapped_array_free (mem, 1000);
}

static void
test_mapped_in_later (void)
{
#ifdef __linux__
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guint8 *mem = kh_mapped_array_new (SIZE);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (kh_mapped_array_is_mapped (SIZE));
  /* Aligned for huge pages, and not mapped in during the call: that waits
   * for the main loop, a huge page per iteration */
  g_assert_cmpuint ((guintptr) mem % (2 << 20), ==, 0);
  g_assert_cmpuint (resident_pages (mem, SIZE), ==, 0);
  g_assert_false (kh_mapped_array_is_ready (mem, SIZE));

  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (resident_pages (mem, SIZE), >, 0);
  g_assert_cmpuint (resident_pages (mem, SIZE), <=, (2 << 20) / page);
  g_assert_false (kh_mapped_array_is_ready (mem, SIZE));

  while (!kh_mapped_array_is_ready (mem, SIZE) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  /* Ready means every page is in */
  g_assert_true (kh_mapped_array_is_ready (mem, SIZE));
  g_assert_cmpuint (resident_pages (mem, SIZE), ==, SIZE / page);
  for (gsize i = 0; i < SIZE; i += 4096)
    g_assert_cmpuint (mem[i], ==, 0);
  mem[SIZE - 1] = 1;
  kh_mapped_array_free (mem, SIZE);
#else
  g_test_skip ("Pages are mapped in ahead on Linux only");
#endif
}

/* Freed before its pages were mapped in: the main loop leaves it alone, and
 * an array mapped afterwards is mapped in as usual */
static void
test_freed_before (void)
{
#ifdef __linux__
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guint8 *gone = kh_mapped_array_new (SIZE);
  guint8 *kept;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  kh_mapped_array_free (gone, SIZE);
  kept = kh_mapped_array_new (SIZE);
  while (!kh_mapped_array_is_ready (kept, SIZE) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (kh_mapped_array_is_ready (kept, SIZE));
  g_assert_cmpuint (resident_pages (kept, SIZE), ==, SIZE / page);
  kh_mapped_array_free (kept, SIZE);
#else
  g_test_skip ("Pages are mapped in ahead on Linux only");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mapped-array/small", test_small);
  g_test_add_func ("/core/mapped-array/mapped-in-later", test_mapped_in_later);
  g_test_add_func ("/core/mapped-array/freed-before", test_freed_before);

  return g_test_run ();
}
