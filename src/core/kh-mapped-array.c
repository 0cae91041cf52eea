/* kh-mapped-array.c: large zeroed arrays in huge pages, mapped in ahead
 *
 * The key set's arrays are read at random, one probe per key added: in 2 MiB
 * pages where the system has them, a load of millions of keys misses the TLB
 * far less (measured: see tests/bench/bench-key-load.c). Arrays that large
 * are mapped on their own, zeroed by the system, and their pages are mapped in
 * ahead on a thread: the first keys land all over the set, and a fault for
 * each page costs far more (2 ms instead of 30 for 10 MB in a VM here), but
 * mapping 10 MB at once costs tens of milliseconds there, too long for the
 * main loop. Keys added meanwhile fault their pages in as usual.
 *
 * That thread starts once the main loop is back to its sources, not at once:
 * it holds the process's memory map lock while it maps a page in, and any
 * mmap() or munmap() of the main thread meanwhile waits for it. An index
 * reserving room for a million keys maps several arrays in a row, then a
 * second index does (the scanner's); they waited 5 ms for each page of the
 * first (36 ms in all, measured with perf sched). It maps one huge page at a
 * time, so that a frame's buffers wait for one page at most.
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

/* Regions waiting for the thread, and the one it maps in now */
static GMutex populate_lock;
static GArray *populate_pending;
static gboolean populate_running;
static guint populate_source;

static gboolean
take_page (guint8 **page,
           gsize   *len)
{
  gboolean found = FALSE;

  g_mutex_lock (&populate_lock);
  while (populate_pending->len > 0 && !found)
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
      found = TRUE;
    }
  if (!found)
    populate_running = FALSE;
  g_mutex_unlock (&populate_lock);
  return found;
}

static gpointer
populate_thread (gpointer data)
{
  guint8 *page;
  gsize len;

  /* The page is taken under the lock, mapped in outside it: an array freed
   * meanwhile is dropped from the list first, so at most the page being
   * mapped in can be gone, and madvise() then fails on it, or maps in pages
   * of whatever is mapped there now, which only pre-faults them */
  while (take_page (&page, &len))
    madvise (page, len, MADV_POPULATE_WRITE);
  return NULL;
}

static gboolean
start_populating (gpointer data)
{
  g_mutex_lock (&populate_lock);
  populate_source = 0;
  if (!populate_running && populate_pending->len > 0)
    {
      populate_running = TRUE;
      g_thread_unref (g_thread_new ("kh-mapped-array", populate_thread, NULL));
    }
  g_mutex_unlock (&populate_lock);
  return G_SOURCE_REMOVE;
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
  /* A thread already at work takes it next */
  if (!populate_running && populate_source == 0)
    populate_source = g_idle_add_full (G_PRIORITY_DEFAULT, start_populating, NULL, NULL);
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
#endif

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
