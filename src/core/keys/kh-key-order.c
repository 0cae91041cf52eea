/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-order.c: the order of the key index: natural, segment-wise
 * comparison, sorting ids (introsort, radix sort), merging new ids into the
 * order, purging removed ones, and diffing two sorted lists of ids */
#include "config.h"

#include "kh-key-index-private.h"

/**
 * kh_key_compare:
 * @delimiter: the namespace delimiter; must not be a digit
 *
 * The order of the key browser: segment by segment; inside a segment, digit
 * runs by numeric value (user:2 < user:10) and other bytes by value; equal
 * values ("01", "1") then bytewise. A key sorts before its namespace
 * ("user" < "user:1") and a namespace before a longer name ("user:1" <
 * "user0").
 *
 * Returns: negative, 0 or positive as @a sorts before, with or after @b
 */
int
kh_key_compare (const char *a,
                gsize       a_len,
                const char *b,
                gsize       b_len,
                char        delimiter)
{
  return compare_keys ((const guint8 *) a, a_len, (const guint8 *) b, b_len, (guint8) delimiter);
}

static inline int
compare_ids (KhKeyIndex *self,
             guint32     a,
             guint32     b)
{
  gsize alen, blen;
  const guint8 *pa = key_at (self, a, &alen);
  const guint8 *pb = key_at (self, b, &blen);

  return compare_keys (pa, alen, pb, blen, self->delimiter);
}

/* Sorting ids: introsort with the pivot's bytes fetched once per partition.
 * Comparisons are bound by cache misses (record, then key bytes, in random
 * order), so the partition loops prefetch both a few elements ahead. */


static void
insertion_sort (KhKeyIndex *self,
                guint32    *v,
                gsize       n)
{
  for (gsize i = 1; i < n; i++)
    {
      guint32 x = v[i];
      gsize xlen;
      const guint8 *xp = key_at (self, x, &xlen);
      gsize j = i;

      while (j > 0)
        {
          gsize ylen;
          const guint8 *yp = key_at (self, v[j - 1], &ylen);

          if (compare_keys (yp, ylen, xp, xlen, self->delimiter) <= 0)
            break;
          v[j] = v[j - 1];
          j--;
        }
      v[j] = x;
    }
}

static void
sift_down (KhKeyIndex *self,
           guint32    *v,
           gsize       root,
           gsize       n)
{
  for (;;)
    {
      gsize child = 2 * root + 1;

      if (child >= n)
        return;
      if (child + 1 < n && compare_ids (self, v[child], v[child + 1]) < 0)
        child++;
      if (compare_ids (self, v[root], v[child]) >= 0)
        return;

      guint32 tmp = v[root];
      v[root] = v[child];
      v[child] = tmp;
      root = child;
    }
}

static void
heap_sort (KhKeyIndex *self,
           guint32    *v,
           gsize       n)
{
  for (gsize i = n / 2; i-- > 0;)
    sift_down (self, v, i, n);

  for (gsize end = n; end-- > 1;)
    {
      guint32 tmp = v[0];
      v[0] = v[end];
      v[end] = tmp;
      sift_down (self, v, 0, end);
    }
}

static void
introsort (KhKeyIndex *self,
           guint32    *v,
           gsize       n,
           guint       depth)
{
  while (n > 16)
    {
      gsize mid = n / 2;
      gsize i, j;
      guint32 pivot;
      gsize plen;
      const guint8 *pp;

      if (depth == 0)
        {
          heap_sort (self, v, n);
          return;
        }
      depth--;

      /* Median of three into the middle */
      if (compare_ids (self, v[mid], v[0]) < 0)
        {
          guint32 t = v[mid]; v[mid] = v[0]; v[0] = t;
        }
      if (compare_ids (self, v[n - 1], v[mid]) < 0)
        {
          guint32 t = v[mid]; v[mid] = v[n - 1]; v[n - 1] = t;
          if (compare_ids (self, v[mid], v[0]) < 0)
            {
              t = v[mid]; v[mid] = v[0]; v[0] = t;
            }
        }

      pivot = v[mid];
      pp = key_at (self, pivot, &plen);

      /* Hoare partition: [0, j] <= pivot <= [j + 1, n) */
      i = (gsize) -1;
      j = n;
      for (;;)
        {
          gsize klen;
          const guint8 *k;

          do
            {
              i++;
              if (i + RECORD_AHEAD < n)
                prefetch_record (self, v[i + RECORD_AHEAD]);
              if (i + KEY_AHEAD < n)
                prefetch_key (self, v[i + KEY_AHEAD]);
              k = key_at (self, v[i], &klen);
            }
          while (compare_keys (k, klen, pp, plen, self->delimiter) < 0);

          do
            {
              j--;
              if (j >= RECORD_AHEAD)
                prefetch_record (self, v[j - RECORD_AHEAD]);
              if (j >= KEY_AHEAD)
                prefetch_key (self, v[j - KEY_AHEAD]);
              k = key_at (self, v[j], &klen);
            }
          while (compare_keys (k, klen, pp, plen, self->delimiter) > 0);

          if (i >= j)
            break;

          guint32 t = v[i]; v[i] = v[j]; v[j] = t;
        }

      /* Recurse into the smaller side, loop on the larger */
      if (j + 1 < n - (j + 1))
        {
          introsort (self, v, j + 1, depth);
          v += j + 1;
          n -= j + 1;
        }
      else
        {
          introsort (self, v + j + 1, n - (j + 1), depth);
          n = j + 1;
        }
    }

  insertion_sort (self, v, n);
}

static void
compare_sort_ids (KhKeyIndex *self,
                  guint32    *v,
                  gsize       n)
{
  guint depth = 0;

  for (gsize m = n; m > 1; m >>= 1)
    depth += 2;

  introsort (self, v, n, depth);
}

/* Radix sorting.
 *
 * Comparison sorting touches every key about log2(n) times in random order,
 * which is slow once the keys outgrow the cache. Instead each key is mapped
 * to a byte string T(key) whose plain bytewise order is the key order, and
 * the ids are sorted by 4 bytes of T at a time (most significant first),
 * each id carrying its current 4 bytes in the high half of a guint64: one
 * read of the key per 4 bytes of T, not one per comparison.
 *
 * T(key) is, for each segment:
 *   N(segment)  non-digit bytes as they are (0x00 and 0x01 escaped as
 *               01 01 and 01 02); a digit run as 0x30, its length without
 *               leading zeros (one byte, or FF and four bytes), the digits
 *   00          end of N
 *   Z(segment)  one byte per digit run in 1..FF, from its leading zeros, so
 *               that segments equal by value order bytewise
 *   00          end of Z
 * and 01 between segments. Lengths and zero counts past their range only
 * make T equal for keys that differ; groups whose T is equal are finished
 * with the comparison sort. */

#define RADIX_MIN   256   /* fewer ids: comparison sort */
#define RADIX_SMALL 16    /* groups this small: comparison sort */

#define T_EMIT(byte) \
  G_STMT_START { \
    if (pos >= end_pos) \
      { \
        *avail = 4; \
        return out; \
      } \
    if (pos >= depth) \
      out |= (guint32) (guint8) (byte) << (8 * (3 - (pos - depth))); \
    pos++; \
  } G_STMT_END

/* The 4 bytes of T(key) at depth, big-endian and zero-padded; *avail is how
 * many of them T has. */
static guint32
t_chunk (const guint8 *k,
         gsize         len,
         guint8        d,
         gsize         depth,
         gsize        *avail)
{
  gsize end_pos = depth + 4;
  gsize pos = 0;
  guint32 out = 0;
  gsize i = 0;

  for (;;)
    {
      gsize seg_start = i;

      /* N(segment) */
      while (i < len && k[i] != d)
        {
          if (is_digit (k[i]))
            {
              gsize sig = i, e;
              gsize n_digits;

              while (sig < len && k[sig] == '0')
                sig++;
              for (e = sig; e < len && is_digit (k[e]); e++)
                ;
              n_digits = e - sig;

              T_EMIT (0x30);
              if (n_digits < 0xFF)
                T_EMIT (n_digits);
              else
                {
                  guint32 l32 = (guint32) MIN (n_digits, (gsize) G_MAXUINT32);

                  T_EMIT (0xFF);
                  T_EMIT (l32 >> 24);
                  T_EMIT (l32 >> 16);
                  T_EMIT (l32 >> 8);
                  T_EMIT (l32);
                }

              /* Skip digits that end before the wanted depth */
              if (pos < depth)
                {
                  gsize skip = MIN (n_digits, depth - pos);

                  sig += skip;
                  pos += skip;
                }
              for (; sig < e; sig++)
                T_EMIT (k[sig]);
              i = e;
            }
          else if (k[i] <= 0x01)
            {
              T_EMIT (0x01);
              T_EMIT (k[i] + 1);
              i++;
            }
          else
            {
              T_EMIT (k[i]);
              i++;
            }
        }
      T_EMIT (0x00);

      /* Z(segment) */
      for (gsize r = seg_start; r < i;)
        {
          gsize zeros = 0, e;
          gboolean nonzero = FALSE;
          guint z;

          if (!is_digit (k[r]))
            {
              r++;
              continue;
            }

          for (e = r; e < i && is_digit (k[e]); e++)
            {
              if (k[e] == '0' && !nonzero)
                zeros++;
              else
                nonzero = TRUE;
            }

          z = (guint) MIN (zeros, (gsize) 254);
          if (nonzero)
            T_EMIT (255 - z);         /* more leading zeros sort first */
          else if (e == i || k[e] < '0')
            T_EMIT (1 + z);           /* "0" < "00" when what follows is lower */
          else
            T_EMIT (255 - z);         /* "00x" < "0x" */
          r = e;
        }
      T_EMIT (0x00);

      if (i >= len)
        break;

      T_EMIT (0x01);
      i++;
    }

  *avail = pos > depth ? pos - depth : 0;
  return out;
}

#undef T_EMIT

/* How many bytes of T the raw prefix k[0, n) decides, when n does not cut a
 * digit run */
static gsize
t_prefix_len (const guint8 *k,
              gsize         n,
              guint8        d)
{
  gsize t = 0;
  gsize runs_in_segment = 0;

  for (gsize i = 0; i < n;)
    {
      if (k[i] == d)
        {
          t += 1 + runs_in_segment + 1 + 1;   /* 00, Z, 00, 01 */
          runs_in_segment = 0;
          i++;
        }
      else if (is_digit (k[i]))
        {
          gsize sig = i, e;

          while (sig < n && k[sig] == '0')
            sig++;
          for (e = sig; e < n && is_digit (k[e]); e++)
            ;
          t += 1 + (e - sig < 0xFF ? 1 : 5) + (e - sig);
          runs_in_segment++;
          i = e;
        }
      else
        {
          t += k[i] <= 0x01 ? 2 : 1;
          i++;
        }
    }

  return t;
}

/* The depth of T that every key of the group shares, found from their
 * common raw prefix: one read per key instead of one per 4 bytes of T */
static gsize
common_t_depth (KhKeyIndex    *self,
                const guint64 *a,
                gsize          n)
{
  gsize ref_len, lcp;
  const guint8 *ref = key_at (self, (guint32) a[0], &ref_len);

  lcp = ref_len;
  for (gsize i = 1; i < n && lcp > 0; i++)
    {
      gsize len;
      const guint8 *k;

      if (i + RECORD_AHEAD < n)
        prefetch_record (self, (guint32) a[i + RECORD_AHEAD]);
      if (i + KEY_AHEAD < n)
        prefetch_key (self, (guint32) a[i + KEY_AHEAD]);

      k = key_at (self, (guint32) a[i], &len);
      lcp = common_prefix (ref, k, MIN (lcp, len));
    }

  /* A digit run cut by the prefix is encoded from its whole length */
  while (lcp > 0 && is_digit (ref[lcp - 1]))
    lcp--;

  return t_prefix_len (ref, lcp, self->delimiter);
}

/* Sets the high half of each entry to its key's T bytes at depth. Returns
 * whether any key has T bytes there. */
static gboolean
fill_chunks (KhKeyIndex *self,
             guint64    *a,
             gsize       n,
             gsize       depth)
{
  gboolean any = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      guint32 id = (guint32) a[i];
      gsize len, avail;
      const guint8 *k;

      if (i + RECORD_AHEAD < n)
        prefetch_record (self, (guint32) a[i + RECORD_AHEAD]);
      if (i + KEY_AHEAD < n)
        prefetch_key (self, (guint32) a[i + KEY_AHEAD]);

      k = key_at (self, id, &len);
      a[i] = ((guint64) t_chunk (k, len, self->delimiter, depth, &avail) << 32) | id;
      any |= avail > 0;
    }

  return any;
}

/* Orders entries by their high halves only (the ids below do not matter):
 * an in-place byte-wise radix sort (American flag sort), one byte of the
 * high half per level, shift being 56, 48, 40 or 32. */
static void
sort_by_high (guint64 *v,
              gsize    n,
              guint    shift)
{
  gsize count[256] = { 0 };
  gsize next[256];
  gsize end[256];
  gsize sum = 0;

  if (n <= 32)
    {
      for (gsize i = 1; i < n; i++)
        {
          guint64 x = v[i];
          gsize j = i;

          while (j > 0 && (v[j - 1] >> 32) > (x >> 32))
            {
              v[j] = v[j - 1];
              j--;
            }
          v[j] = x;
        }
      return;
    }

  for (gsize i = 0; i < n; i++)
    count[(v[i] >> shift) & 0xFF]++;

  for (guint b = 0; b < 256; b++)
    {
      next[b] = sum;
      sum += count[b];
      end[b] = sum;
    }

  /* Move each entry to its bucket by following cycles */
  for (guint b = 0; b < 256; b++)
    {
      while (next[b] < end[b])
        {
          guint64 x = v[next[b]];
          guint bx = (guint) (x >> shift) & 0xFF;

          while (bx != b)
            {
              guint64 y = v[next[bx]];

              v[next[bx]++] = x;
              x = y;
              bx = (guint) (x >> shift) & 0xFF;
            }
          v[next[b]++] = x;
        }
    }

  if (shift == 32)
    return;

  for (guint b = 0, start = 0; b < 256; start += (guint) count[b], b++)
    if (count[b] > 1)
      sort_by_high (v + start, count[b], shift - 8);
}

/* Finishes a group with the comparison sort; leaves plain ids in the low halves */
static void
finish_group (KhKeyIndex *self,
              guint64    *a,
              gsize       n)
{
  guint32 small[RADIX_SMALL];
  guint32 *ids = n <= RADIX_SMALL ? small : g_new (guint32, n);

  for (gsize i = 0; i < n; i++)
    ids[i] = (guint32) a[i];
  compare_sort_ids (self, ids, n);
  for (gsize i = 0; i < n; i++)
    a[i] = ids[i];

  if (ids != small)
    g_free (ids);
}

typedef struct {
  gsize lo;
  gsize hi;
  gsize depth;
} RadixTask;

/* Sorts entries whose low halves are ids; the high halves are scratch */
static void
radix_sort (KhKeyIndex *self,
            guint64    *a,
            gsize       n)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (RadixTask));
  RadixTask task = { 0, n, 0 };

  if (!fill_chunks (self, a, n, 0))
    {
      finish_group (self, a, n);
      return;
    }
  g_array_append_val (stack, task);

  while (stack->len > 0)
    {
      gsize m, r;
      gboolean all_equal = TRUE;

      task = g_array_index (stack, RadixTask, stack->len - 1);
      g_array_set_size (stack, stack->len - 1);
      m = task.hi - task.lo;

      if (m <= RADIX_SMALL)
        {
          finish_group (self, a + task.lo, m);
          continue;
        }

      for (gsize i = task.lo + 1; i < task.hi && all_equal; i++)
        all_equal = (a[i] >> 32) == (a[task.lo] >> 32);

      if (all_equal)
        {
          /* A shared prefix (a namespace, "/api/v1/projects/"): jump over
           * it instead of reading every key once per 4 bytes of it */
          gsize jump = common_t_depth (self, a + task.lo, m);

          if (jump >= task.depth + 8)
            {
              if (fill_chunks (self, a + task.lo, m, jump))
                {
                  RadixTask next = { task.lo, task.hi, jump };
                  g_array_append_val (stack, next);
                }
              else
                finish_group (self, a + task.lo, m);
              continue;
            }
        }
      else
        sort_by_high (a + task.lo, m, 56);

      /* Runs of equal bytes go on to the next 4 bytes of T */
      for (r = task.lo; r < task.hi;)
        {
          gsize e = r + 1;

          while (e < task.hi && (a[e] >> 32) == (a[r] >> 32))
            e++;

          if (e - r > RADIX_SMALL)
            {
              if (fill_chunks (self, a + r, e - r, task.depth + 4))
                {
                  RadixTask next = { r, e, task.depth + 4 };
                  g_array_append_val (stack, next);
                }
              else
                finish_group (self, a + r, e - r);   /* equal T */
            }
          else if (e - r > 1)
            finish_group (self, a + r, e - r);

          r = e;
        }
    }
}

static void
sort_ids (KhKeyIndex *self,
          guint32    *v,
          gsize       n)
{
  guint64 *a;

  if (n < RADIX_MIN)
    {
      compare_sort_ids (self, v, n);
      return;
    }

  a = g_new (guint64, n);
  for (gsize i = 0; i < n; i++)
    a[i] = v[i];
  radix_sort (self, a, n);
  for (gsize i = 0; i < n; i++)
    v[i] = (guint32) a[i];
  g_free (a);
}

void
kh_key_index_sorted_reserve (KhKeyIndex *self,
                             gsize       n)
{
  if (n <= self->sorted_alloc)
    return;

  /* Grow by half so that merging batches stays amortised */
  self->sorted_alloc = MAX (n, self->sorted_alloc + self->sorted_alloc / 2);
  self->sorted = g_renew (guint32, self->sorted, self->sorted_alloc);
}

/* Drops removed ids from the order and from the revived list. A key that
 * loses its neighbour shares with the next one before it the least of what
 * the keys in between shared. */
void
kh_key_index_purge_removed (KhKeyIndex *self)
{
  gsize w = 0;
  guint8 run = G_MAXUINT8;

  for (gsize r = 0; r < self->n_sorted; r++)
    {
      /* The least entry of the run; one unknown makes it unknown */
      if (self->shared != NULL && run != SHARED_UNKNOWN)
        run = self->shared[r] == SHARED_UNKNOWN ? SHARED_UNKNOWN : MIN (run, self->shared[r]);
      if (id_removed (self, self->sorted[r]))
        continue;
      if (self->shared != NULL)
        self->shared[w] = run;
      run = G_MAXUINT8;
      self->sorted[w++] = self->sorted[r];
    }
  self->n_sorted = w;

  for (guint r = self->revived->len; r-- > 0;)
    if (id_removed (self, g_array_index (self->revived, guint32, r)))
      g_array_remove_index_fast (self->revived, r);

  self->needs_purge = FALSE;
}

void
kh_key_index_ensure_sorted (KhKeyIndex *self)
{
  gsize n_pending;
  guint32 *pending;
  gssize i, j, w;

  if (!self->sort_valid)
    {
      self->n_sorted = 0;
      self->sorted_upto = 0;
      g_array_set_size (self->revived, 0);
      self->needs_purge = FALSE;
      self->sort_valid = TRUE;
    }

  if (self->needs_purge)
    kh_key_index_purge_removed (self);

  if (self->sorted_upto == self->n_ids && self->revived->len == 0)
    return;

  if (self->n_sorted == 0)
    {
      /* First sort: the radix entries become the order, shrunk in place */
      guint64 *a = g_new (guint64, MAX (self->n_live, 1));
      gsize n = 0;

      for (guint32 id = 0; id < self->n_ids; id++)
        if (!id_removed (self, id))
          a[n++] = id;
      if (n < RADIX_MIN)
        {
          for (gsize k = 0; k < n; k++)
            a[k] = (guint32) a[k];
          finish_group (self, a, n);
        }
      else
        radix_sort (self, a, n);

      for (gsize k = 0; k < n; k++)
        {
          guint32 id = (guint32) a[k];

          memcpy ((char *) a + k * sizeof (guint32), &id, sizeof id);
        }
      g_free (self->sorted);
      /* with room for the keys still expected (see kh_key_index_reserve) */
      self->sorted_alloc = MAX (MAX (n, self->order_hint), 1);
      self->sorted = g_realloc (a, self->sorted_alloc * sizeof (guint32));
      self->n_sorted = n;
      self->sorted_upto = self->n_ids;
      g_array_set_size (self->revived, 0);
      kh_key_index_shared_reset (self);
      return;
    }

  /* Later batches: sort the new ids alone, then merge from the back */
  pending = g_new (guint32, (self->n_ids - self->sorted_upto) + self->revived->len);
  n_pending = 0;
  for (guint32 id = self->sorted_upto; id < self->n_ids; id++)
    if (!id_removed (self, id))
      pending[n_pending++] = id;
  for (guint r = 0; r < self->revived->len; r++)
    pending[n_pending++] = g_array_index (self->revived, guint32, r);

  sort_ids (self, pending, n_pending);
  kh_key_index_sorted_reserve (self, self->n_sorted + n_pending);

  if (n_pending < self->n_sorted / 32)
    {
      /* A small batch: find each new id's place and move the old ids after
       * it in one block, instead of comparing all of them. The batch is
       * sorted, so each place is at or before the last one: gallop back
       * from there (about 2 log2 of the distance, some 32 ids on average,
       * instead of log2 of the whole order), then search that stretch */
      gsize hi = self->n_sorted;
      gsize wpos = self->n_sorted + n_pending;

      for (gsize p = n_pending; p-- > 0;)
        {
          gsize len, lo = 0, top = hi, step = 1;
          const guint8 *k = key_at (self, pending[p], &len);

          while (step <= top)
            {
              gsize mlen;
              const guint8 *m = key_at (self, self->sorted[top - step], &mlen);

              if (compare_keys (m, mlen, k, len, self->delimiter) <= 0)
                {
                  lo = top - step + 1;
                  break;
                }
              top -= step;
              step *= 2;
            }
          while (lo < top)
            {
              gsize mid = lo + (top - lo) / 2;
              gsize mlen;
              const guint8 *m = key_at (self, self->sorted[mid], &mlen);

              if (compare_keys (m, mlen, k, len, self->delimiter) > 0)
                top = mid;
              else
                lo = mid + 1;
            }

          memmove (self->sorted + wpos - (hi - lo), self->sorted + lo, (hi - lo) * sizeof (guint32));
          wpos -= hi - lo;
          hi = lo;
          self->sorted[--wpos] = pending[p];
          pending[p] = (guint32) wpos;
        }
    }
  else
    {
      i = (gssize) self->n_sorted - 1;
      j = (gssize) n_pending - 1;
      w = (gssize) (self->n_sorted + n_pending) - 1;
      while (j >= 0)
        {
          if (i >= 0 && compare_ids (self, self->sorted[i], pending[j]) > 0)
            self->sorted[w--] = self->sorted[i--];
          else
            {
              self->sorted[w] = pending[j];
              pending[j--] = (guint32) w--;
            }
        }
    }

  self->n_sorted += n_pending;
  self->sorted_upto = self->n_ids;
  g_array_set_size (self->revived, 0);
  /* pending now holds where each new id went */
  if (self->shared != NULL)
    kh_key_index_shared_after_merge (self, pending, n_pending);
  g_free (pending);
}

/* Sorts ids of this index in key order */
void
kh_key_index_sort_ids (KhKeyIndex *self,
                       guint32    *ids,
                       gsize       n_ids)
{
  g_return_if_fail (KH_IS_KEY_INDEX (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  sort_ids (self, ids, n_ids);
}

/**
 * kh_key_index_diff:
 * @old_ids: (array length=n_old): what a view showed, in order
 * @new_ids: (array length=n_new): what it shows now, in the same order
 * @compare: (nullable): orders two ids; equal means the same row
 * @emit: called for each run of changes, left to right
 *
 * Walks two sorted lists of ids (ids are stable until the generation changes)
 * and reports the smallest runs of removals and insertions, so that a list
 * view keeps its selection, scroll position and expanded rows.
 */
void
kh_key_index_diff (KhKeyIndex         *self,
                   const guint32      *old_ids,
                   guint               n_old,
                   const guint32      *new_ids,
                   guint               n_new,
                   KhKeyIdCompareFunc  compare,
                   KhKeyDiffFunc       emit,
                   gpointer            user_data)
{
  guint i = 0, j = 0;

  g_return_if_fail (KH_IS_KEY_INDEX (self));
  g_return_if_fail (emit != NULL);

  while (i < n_old || j < n_new)
    {
      guint position = j;
      guint removed = 0, added = 0;

      while (i < n_old && j < n_new && old_ids[i] == new_ids[j])
        {
          i++;
          j++;
        }

      position = j;
      while (i < n_old || j < n_new)
        {
          int c;

          if (i < n_old && j < n_new)
            {
              if (old_ids[i] == new_ids[j])
                break;
              c = compare ? compare (self, old_ids[i], new_ids[j], user_data)
                          : compare_ids (self, old_ids[i], new_ids[j]);
              if (c == 0)
                break;
            }
          else
            c = i < n_old ? -1 : 1;

          if (c < 0)
            {
              i++;
              removed++;
            }
          else
            {
              j++;
              added++;
            }
        }

      if (removed > 0 || added > 0)
        emit (position, removed, added, i, j, user_data);

      /* Rows that compare equal with different ids are the same row */
      if (i < n_old && j < n_new)
        {
          i++;
          j++;
        }
    }
}
