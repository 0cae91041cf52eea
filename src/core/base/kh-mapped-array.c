/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-mapped-array.c: large zeroed arrays in huge pages, mapped in ahead
 *
 * The key set's arrays are read at random, one probe per key added: in 2 MiB
 * pages where the system has them, a load of millions of keys misses the TLB
 * far less (measured: see tests/bench/bench-key-load.c). Arrays that large
 * are mapped on their own, zeroed by the system, and their pages are mapped in
 * ahead, a huge page per main loop iteration (well under a millisecond): the
 * first keys land all over the set, and a fault for each page costs far more
 * (2 ms instead of 30 for 10 MB in a VM here), while mapping 10 MB at once
 * costs tens of milliseconds there, too long for the main loop. The key index
 * waits for that before it uses a set it reserved (kh_mapped_array_is_ready).
 *
 * Not on a thread: mapping a page in holds the process's memory map lock,
 * and any mmap() or munmap() of the main thread meanwhile waits for it. On a
 * busy machine the thread was preempted in the middle of a page, and the main
 * loop waited for it to be scheduled again: 20-45 ms of a browser's first
 * refresh (measured with perf: 4 ms of CPU in a 45 ms stall).
 */
#include "config.h"

#include "kh-mapped-array.h"

#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#define HUGE_PAGE_SIZE ((gsize) 2 << 20)

gboolean
kh_mapped_array_is_mapped (gsize size)
{
#ifdef G_OS_UNIX
  return size >= HUGE_PAGE_SIZE;
#else
  return FALSE;
#endif
}

#ifdef __linux__
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  /* Linux 5.14 */
#endif

typedef struct {
  guint8 *mem;
  gsize   size;
} Region;

/* Regions still to map in, in order */
static GMutex populate_lock;
static GArray *populate_pending;
static guint populate_source;

static gboolean
take_page (guint8 **page,
           gsize   *len)
{
  while (populate_pending->len > 0)
    {
      Region *region = &g_array_index (populate_pending, Region, 0);

      if (region->size == 0)
        {
          g_array_remove_index (populate_pending, 0);
          continue;
        }
      *page = region->mem;
      *len = MIN (HUGE_PAGE_SIZE, region->size);
      region->mem += *len;
      region->size -= *len;
      if (region->size == 0)
        g_array_remove_index (populate_pending, 0);
      return TRUE;
    }
  return FALSE;
}

static gboolean
populate_step (gpointer data)
{
  guint8 *page;
  gsize len;
  gboolean more;

  g_mutex_lock (&populate_lock);
  if (take_page (&page, &len))
    madvise (page, len, MADV_POPULATE_WRITE);
  more = populate_pending->len > 0;
  if (!more)
    populate_source = 0;
  g_mutex_unlock (&populate_lock);
  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
populate_later (guint8 *mem,
                gsize   size)
{
  Region region = { mem, size };

  g_mutex_lock (&populate_lock);
  if (populate_pending == NULL)
    populate_pending = g_array_new (FALSE, FALSE, sizeof (Region));
  g_array_append_val (populate_pending, region);
  if (populate_source == 0)
    populate_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, populate_step, NULL, NULL);
  g_mutex_unlock (&populate_lock);
}

static void
populate_forget (guint8 *mem,
                 gsize   size)
{
  g_mutex_lock (&populate_lock);
  for (guint i = 0; populate_pending != NULL && i < populate_pending->len; i++)
    {
      Region *region = &g_array_index (populate_pending, Region, i);

      if (region->mem >= mem && region->mem < mem + size)
        region->size = 0;
    }
  g_mutex_unlock (&populate_lock);
}

static gboolean
populate_done (guint8 *mem,
               gsize   size)
{
  gboolean done = TRUE;

  g_mutex_lock (&populate_lock);
  for (guint i = 0; done && populate_pending != NULL && i < populate_pending->len; i++)
    {
      Region *region = &g_array_index (populate_pending, Region, i);

      if (region->size > 0 && region->mem >= mem && region->mem < mem + size)
        done = FALSE;
    }
  g_mutex_unlock (&populate_lock);
  return done;
}
#endif

gboolean
kh_mapped_array_is_ready (gpointer mem,
                          gsize    size)
{
#ifdef __linux__
  if (mem != NULL && kh_mapped_array_is_mapped (size))
    return populate_done (mem, size);
#endif
  return TRUE;
}

gpointer
kh_mapped_array_new (gsize size)
{
#ifdef G_OS_UNIX
  gsize span = size + HUGE_PAGE_SIZE;
  guint8 *map, *mem;
  gsize head;

  if (!kh_mapped_array_is_mapped (size))
    return g_malloc0 (size);

  map = mmap (NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED)
    g_error ("Out of memory for an array of %" G_GSIZE_FORMAT " bytes", size);
  /* Aligned to a huge page: the unaligned ends go back */
  head = (HUGE_PAGE_SIZE - ((guintptr) map % HUGE_PAGE_SIZE)) % HUGE_PAGE_SIZE;
  mem = map + head;
  if (head > 0)
    munmap (map, head);
  if (span - head > size)
    munmap (mem + size, span - head - size);
#ifdef MADV_HUGEPAGE
  madvise (mem, size, MADV_HUGEPAGE);
#endif
#ifdef __linux__
  populate_later (mem, size);
#endif
  return mem;
#else
  return g_malloc0 (size);
#endif
}

void
kh_mapped_array_free (gpointer mem,
                      gsize    size)
{
  if (mem == NULL)
    return;
#ifdef G_OS_UNIX
  if (kh_mapped_array_is_mapped (size))
    {
#ifdef __linux__
      populate_forget (mem, size);
#endif
      munmap (mem, size);
      return;
    }
#endif
  g_free (mem);
}
