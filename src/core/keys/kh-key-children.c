/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-children.c: namespace children of the key index: the shared
 * segments byte array beside the order, prefix ranges found by galloping,
 * and KhKeyChildren with its counts */
#include "config.h"

#include "kh-key-index-private.h"

struct _KhKeyChildren {
  gatomicrefcount  ref_count;
  KhKeyIndex      *index;
  guint64          version;
  gsize            prefix_len;
  guint            depth;       /* delimiters in the prefix */
  guint8           limit;       /* shared entries above this: the same child */
  guint            lo;
  guint            hi;
  guint            n_children;
  guint32         *marks;       /* where every MARK_EVERY-th child starts; NULL
                                 * when every key of the range is a child */
};

G_DEFINE_BOXED_TYPE (KhKeyChildren, kh_key_children, kh_key_children_ref, kh_key_children_unref)

/* Shared segments
 *
 * Kept beside the order from its first sort on: a full sort leaves every
 * entry unknown (zeroed memory is not even touched until read), a merge
 * moves the entries with their keys and computes the two next to each new
 * key, and a purge takes the least entry of each run it closes. Readers
 * compute the unknown entries they meet. Costs one byte per key and, in a
 * merge, a second memmove of a quarter of the order's size.
 */


/* 1 + the delimiters in the bytes two keys share, that is 1 + the number of
 * leading segments they have in common, the count capped at SHARED_MAX */
static inline guint8
shared_bytes (const guint8 *a,
              gsize         alen,
              const guint8 *b,
              gsize         blen,
              guint8        d)
{
  const guint8 *end = a + common_prefix (a, b, MIN (alen, blen));
  guint count = 0;

  while (count < SHARED_MAX && (a = memchr (a, d, (gsize) (end - a))) != NULL)
    {
      count++;
      a++;
    }
  return (guint8) (count + 1);
}

static guint8
shared_segments (KhKeyIndex *self,
                 guint32     a,
                 guint32     b)
{
  gsize alen, blen;
  const guint8 *pa = key_at (self, a, &alen);
  const guint8 *pb = key_at (self, b, &blen);

  return shared_bytes (pa, alen, pb, blen, self->delimiter);
}

/* The entry of position @p, computed if unknown */
static inline guint8
shared_at (KhKeyIndex *self,
           gsize       p)
{
  guint8 v = self->shared[p];

  if (G_UNLIKELY (v == SHARED_UNKNOWN))
    {
      v = p > 0 ? shared_segments (self, self->sorted[p - 1], self->sorted[p]) : 1;
      self->shared[p] = v;
    }
  return v;
}

/* Computes the unknown entries of [from, to): along a run of them each key
 * is read once (fetched ahead), the one before it is at hand */
static void
shared_resolve (KhKeyIndex *self,
                gsize       from,
                gsize       to)
{
  gsize p = from;

  while (p < to)
    {
      const guint8 *u = memchr (self->shared + p, SHARED_UNKNOWN, to - p);
      const guint8 *prev;
      gsize prev_len;

      if (u == NULL)
        return;
      p = (gsize) (u - self->shared);
      if (p == 0)
        {
          shared_at (self, p++);
          continue;
        }

      prev = key_at (self, self->sorted[p - 1], &prev_len);
      for (; p < to && self->shared[p] == SHARED_UNKNOWN; p++)
        {
          const guint8 *key;
          gsize len;

          if (p + RECORD_AHEAD < to)
            prefetch_record (self, self->sorted[p + RECORD_AHEAD]);
          if (p + KEY_AHEAD < to)
            prefetch_key (self, self->sorted[p + KEY_AHEAD]);
          key = key_at (self, self->sorted[p], &len);
          self->shared[p] = shared_bytes (prev, prev_len, key, len, self->delimiter);
          prev = key;
          prev_len = len;
        }
    }
}

void
kh_key_index_shared_reserve (KhKeyIndex *self,
                             gsize       n)
{
  if (n <= self->shared_alloc)
    return;

  self->shared_alloc = MAX (n, self->shared_alloc + self->shared_alloc / 2);
  self->shared = g_realloc (self->shared, self->shared_alloc);
}

/* Every entry unknown; zeroed memory costs nothing until a page of it is
 * read */
void
kh_key_index_shared_reset (KhKeyIndex *self)
{
  g_free (self->shared);
  self->shared_alloc = MAX (MAX (self->n_sorted, self->order_hint), 1);
  self->shared = g_malloc0 (self->shared_alloc);
}

/* After a merge put new ids at @positions (ascending) of the order: moves
 * the old entries to their new places and computes those next to new ids */
void
kh_key_index_shared_after_merge (KhKeyIndex    *self,
                    const guint32 *positions,
                    gsize          n_new)
{
  gsize n = self->n_sorted;
  gsize w_end = n, r_end = n - n_new;

  kh_key_index_shared_reserve (self, n);
  for (gsize j = n_new; j-- > 0;)
    {
      gsize q = positions[j];
      gsize run = w_end - (q + 1);

      memmove (self->shared + q + 1, self->shared + r_end - run, run);
      r_end -= run;
      w_end = q;
    }

  for (gsize j = 0; j < n_new; j++)
    {
      gsize q = positions[j];

      self->shared[q] = q > 0 ? shared_segments (self, self->sorted[q - 1], self->sorted[q]) : 1;
      if (q + 1 < n)
        self->shared[q + 1] = shared_segments (self, self->sorted[q], self->sorted[q + 1]);
    }
}

static inline gboolean
has_prefix (KhKeyIndex   *self,
            guint32       id,
            const guint8 *prefix,
            gsize         prefix_len)
{
  gsize len;
  const guint8 *k = key_at (self, id, &len);

  return len >= prefix_len && memcmp (k, prefix, prefix_len) == 0;
}

/* First position in (start, hi] whose key lacks the prefix; start has it */
static guint
gallop_prefix_end (KhKeyIndex   *self,
                   guint         start,
                   guint         hi,
                   const guint8 *prefix,
                   gsize         prefix_len)
{
  guint good = start;
  guint step = 1;
  guint probe;

  for (;;)
    {
      probe = (hi - good > step) ? good + step : hi;
      if (probe == hi || !has_prefix (self, self->sorted[probe], prefix, prefix_len))
        break;
      good = probe;
      step = step <= G_MAXUINT / 2 ? step * 2 : step;
    }

  start = good + 1;
  while (start < probe)
    {
      guint mid = start + (probe - start) / 2;

      if (has_prefix (self, self->sorted[mid], prefix, prefix_len))
        start = mid + 1;
      else
        probe = mid;
    }
  return start;
}

/**
 * kh_key_index_find_prefix:
 * @prefix: (array length=prefix_len): a namespace ending with the delimiter,
 *   or empty for every key
 * @end: (out): the end of the range
 *
 * The keys under a namespace are contiguous in the order.
 *
 * Returns: the first position in kh_key_index_get_sorted() with the prefix
 */
guint
kh_key_index_find_prefix (KhKeyIndex *self,
                          const char *prefix,
                          gsize       prefix_len,
                          guint      *end)
{
  const guint8 *p = (const guint8 *) prefix;
  guint lo = 0, hi;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);
  g_return_val_if_fail (prefix != NULL || prefix_len == 0, 0);

  kh_key_index_ensure_sorted (self);
  hi = (guint) self->n_sorted;

  if (prefix_len > 0)
    {
      /* The prefix itself is the smallest string in its range */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          gsize len;
          const guint8 *k = key_at (self, self->sorted[mid], &len);

          if (compare_keys (k, len, p, prefix_len, self->delimiter) < 0)
            lo = mid + 1;
          else
            hi = mid;
        }

      if (lo < self->n_sorted && has_prefix (self, self->sorted[lo], p, prefix_len))
        hi = gallop_prefix_end (self, lo, (guint) self->n_sorted, p, prefix_len);
      else
        hi = lo;
    }

  if (end)
    *end = hi;
  return lo;
}

/* Namespace children
 *
 * In the range of a namespace whose prefix holds d delimiters, a child (a
 * key directly in it, or a sub-namespace with all its keys) starts exactly
 * where the shared segments drop to d or less: a key "user:1" and the
 * namespace "user:1:" that follows it share one segment, keys of one
 * sub-namespace share at least two. So children are found by reading one
 * byte per key, and a large sub-namespace is skipped by galloping over its
 * keys. Entries still unknown (after a full sort) are computed as they are
 * met, one key read each: the first look at a namespace after a full sort
 * reads its keys once, later ones none. A namespace SHARED_MAX deep or
 * deeper reads the keys instead.
 */

#define MARK_SHIFT         6
#define MARK_EVERY         (1u << MARK_SHIFT)
#define SCAN_BEFORE_GALLOP 1024  /* known entries to read before galloping */
#define UNKNOWN_BEFORE_GALLOP 32 /* unknown ones */

#define BYTES_01 G_GUINT64_CONSTANT (0x0101010101010101)
#define BYTES_80 G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether any of @n bytes exceeds @d: eight at a time while @d < 128 */
static gboolean
any_byte_above (const guint8 *p,
                gsize         n,
                guint8        d)
{
  gsize i = 0;

  if (d < 128)
    {
      guint64 add = BYTES_01 * (guint64) (127 - d);

      for (; i + 8 <= n; i += 8)
        {
          guint64 x;

          memcpy (&x, p + i, 8);
          /* A byte above d overflows into its high bit, or has it already */
          if ((((x & ~BYTES_80) + add) | x) & BYTES_80)
            return TRUE;
        }
    }

  for (; i < n; i++)
    if (p[i] > d)
      return TRUE;
  return FALSE;
}

/* Where the child that starts at @p ends */
static guint
next_child (KhKeyChildren *children,
            guint          p)
{
  KhKeyIndex *self = children->index;
  guint hi = children->hi;
  guint start = p;
  gsize len;
  const guint8 *k, *sep;

  if (children->depth < SHARED_MAX)
    {
      guint q = p + 1;
      guint stop = hi - q > SCAN_BEFORE_GALLOP ? q + SCAN_BEFORE_GALLOP : hi;

      for (; q < stop; q++)
        {
          guint8 v = self->shared[q];

          if (v == SHARED_UNKNOWN)
            {
              if (q - p > UNKNOWN_BEFORE_GALLOP)
                break;
              v = shared_at (self, q);
            }
          if (v <= children->limit)
            return q;
        }
      if (q == hi)
        return q;
      /* A large sub-namespace: q - 1 is still in it */
      start = q - 1;
    }

  k = key_at (self, self->sorted[p], &len);
  sep = memchr (k + children->prefix_len, self->delimiter, len - children->prefix_len);
  if (sep == NULL)
    return p + 1;
  return gallop_prefix_end (self, start, hi, k, (gsize) (sep - k) + 1);
}

/* Where child @position starts; it must exist */
static guint
child_start (KhKeyChildren *children,
             guint          position)
{
  guint p;

  if (children->marks == NULL)
    return children->lo + position;

  p = children->marks[position >> MARK_SHIFT];
  for (guint i = position & (MARK_EVERY - 1); i > 0; i--)
    p = next_child (children, p);
  return p;
}

/* Whether some key of the range is not a child of its own (it is in a
 * sub-namespace with the key before it); reads in growing steps, so that a
 * namespace that has one early costs little */
static gboolean
has_nested_keys (KhKeyChildren *children)
{
  KhKeyIndex *self = children->index;
  gsize step = 64;

  for (gsize p = children->lo + 1; p < children->hi;)
    {
      gsize end = MIN (p + step, children->hi);

      shared_resolve (self, p, end);
      if (any_byte_above (self->shared + p, end - p, children->limit))
        return TRUE;
      p = end;
      step = MIN (step * 2, 1 << 16);
    }
  return FALSE;
}

static void
find_children (KhKeyChildren *children)
{
  guint lo = children->lo, hi = children->hi;
  guint n = 0;

  if (lo == hi)
    return;

  /* Every key a child: nothing to remember */
  if (children->depth < SHARED_MAX && !has_nested_keys (children))
    {
      children->n_children = hi - lo;
      return;
    }

  children->marks = g_new (guint32, ((hi - lo - 1) >> MARK_SHIFT) + 1);
  for (guint p = lo; p < hi; p = next_child (children, p))
    {
      if ((n & (MARK_EVERY - 1)) == 0)
        children->marks[n >> MARK_SHIFT] = p;
      n++;
    }
  children->n_children = n;
}

/**
 * kh_key_index_get_children:
 * @prefix: (array length=prefix_len): a namespace such as "user:" (the
 *   delimiter is appended if missing), or empty for the root
 * @delimiter: the namespace delimiter; if it differs from the index's, the
 *   index switches to it (and re-sorts)
 *
 * The immediate children of a namespace: keys directly in it, and
 * sub-namespaces with the number of keys under them. A key "user" and a
 * namespace "user:" are two children. Counting them reads one byte per key
 * of the namespace, and a child's details are read when asked for; the
 * first look at a namespace after a full sort also reads each of its keys
 * once, except inside large sub-namespaces.
 *
 * Returns: (transfer full): the children, valid until the index changes
 */
KhKeyChildren *
kh_key_index_get_children (KhKeyIndex *self,
                           const char *prefix,
                           gsize       prefix_len,
                           char        delimiter)
{
  g_autofree char *normalized = NULL;
  KhKeyChildren *children;
  guint lo, hi, depth = 0;
  guint8 d;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), NULL);
  g_return_val_if_fail (prefix != NULL || prefix_len == 0, NULL);

  kh_key_index_set_delimiter (self, delimiter);
  d = self->delimiter;

  if (prefix_len > 0 && (guint8) prefix[prefix_len - 1] != d)
    {
      normalized = g_malloc (prefix_len + 1);
      memcpy (normalized, prefix, prefix_len);
      normalized[prefix_len++] = (char) d;
      prefix = normalized;
    }

  for (gsize i = 0; i < prefix_len && depth < SHARED_MAX; i++)
    depth += (guint8) prefix[i] == d;

  lo = kh_key_index_find_prefix (self, prefix, prefix_len, &hi);

  children = g_new0 (KhKeyChildren, 1);
  g_atomic_ref_count_init (&children->ref_count);
  children->index = g_object_ref (self);
  children->version = self->version;
  children->prefix_len = prefix_len;
  children->depth = depth;
  children->limit = (guint8) (depth + 1);
  children->lo = lo;
  children->hi = hi;
  find_children (children);

  return children;
}

KhKeyChildren *
kh_key_children_ref (KhKeyChildren *children)
{
  g_return_val_if_fail (children != NULL, NULL);

  g_atomic_ref_count_inc (&children->ref_count);
  return children;
}

void
kh_key_children_unref (KhKeyChildren *children)
{
  g_return_if_fail (children != NULL);

  if (g_atomic_ref_count_dec (&children->ref_count))
    {
      g_object_unref (children->index);
      g_free (children->marks);
      g_free (children);
    }
}

guint
kh_key_children_get_n_children (KhKeyChildren *children)
{
  g_return_val_if_fail (children != NULL, 0);

  return children->n_children;
}

/* Keys under the namespace, recursively */
guint
kh_key_children_get_n_keys (KhKeyChildren *children)
{
  g_return_val_if_fail (children != NULL, 0);

  return children->hi - children->lo;
}

static void
fill_child (KhKeyChildren *children,
            guint          p,
            KhKeyChild    *child)
{
  KhKeyIndex *self = children->index;
  gsize len;
  const guint8 *k;
  const guint8 *sep;

  child->key_id = self->sorted[p];
  k = key_at (self, child->key_id, &len);
  sep = memchr (k + children->prefix_len, self->delimiter, len - children->prefix_len);
  child->is_namespace = sep != NULL;
  child->n_keys = sep != NULL ? next_child (children, p) - p : 1;
  child->name_offset = children->prefix_len;
  child->name_len = (sep != NULL ? (gsize) (sep - k) : len) - children->prefix_len;
}

/**
 * kh_key_children_get_child:
 * @child: (out caller-allocates): the child
 *
 * Returns: %FALSE if @position is out of range or the index changed since
 *   @children was computed
 */
gboolean
kh_key_children_get_child (KhKeyChildren *children,
                           guint          position,
                           KhKeyChild    *child)
{
  g_return_val_if_fail (children != NULL, FALSE);
  g_return_val_if_fail (child != NULL, FALSE);

  if (position >= children->n_children || children->version != children->index->version)
    return FALSE;

  fill_child (children, child_start (children, position), child);
  return TRUE;
}

/**
 * kh_key_children_get_ids:
 * @ids: (array length=n_ids) (out caller-allocates): receives one id per child
 *
 * The id that stands for each of @n_ids children from @position on: a
 * leaf's key, a namespace's first key, as in #KhKeyChild. Cheaper than
 * kh_key_children_get_child() in a loop: nothing but the ids is read.
 *
 * Returns: %FALSE if the children are out of range or the index changed
 *   since @children was computed
 */
gboolean
kh_key_children_get_ids (KhKeyChildren *children,
                         guint          position,
                         guint          n_ids,
                         guint32       *ids)
{
  const guint32 *sorted;
  guint p;

  g_return_val_if_fail (children != NULL, FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (position > children->n_children || n_ids > children->n_children - position ||
      children->version != children->index->version)
    return FALSE;
  if (n_ids == 0)
    return TRUE;

  sorted = children->index->sorted;
  if (children->marks == NULL)
    {
      memcpy (ids, sorted + children->lo + position, n_ids * sizeof (guint32));
      return TRUE;
    }

  p = child_start (children, position);
  ids[0] = sorted[p];
  for (guint i = 1; i < n_ids; i++)
    {
      p = next_child (children, p);
      ids[i] = sorted[p];
    }
  return TRUE;
}

/**
 * kh_key_children_find_namespace:
 * @name: (array length=name_len): the sub-namespace's name, without prefix
 *   or delimiter
 * @child: (out caller-allocates): the child
 *
 * Returns: whether there is such a sub-namespace
 */
gboolean
kh_key_children_find_namespace (KhKeyChildren *children,
                                const char    *name,
                                gsize          name_len,
                                KhKeyChild    *child)
{
  g_autofree guint8 *ns = NULL;
  KhKeyIndex *index;
  guint lo, hi;
  gsize ns_len, len;
  const guint8 *k;

  g_return_val_if_fail (children != NULL, FALSE);
  g_return_val_if_fail (name != NULL || name_len == 0, FALSE);
  g_return_val_if_fail (child != NULL, FALSE);

  index = children->index;
  if (children->version != index->version || children->lo == children->hi ||
      (name_len > 0 && memchr (name, index->delimiter, name_len) != NULL))
    return FALSE;

  /* The whole namespace, "prefix" "name" delimiter: the smallest key in its
   * range, which is part of the children's range */
  ns_len = children->prefix_len + name_len + 1;
  ns = g_malloc (ns_len);
  k = key_at (index, index->sorted[children->lo], &len);
  memcpy (ns, k, children->prefix_len);
  if (name_len > 0)
    memcpy (ns + children->prefix_len, name, name_len);
  ns[ns_len - 1] = index->delimiter;

  lo = children->lo;
  hi = children->hi;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      k = key_at (index, index->sorted[mid], &len);
      if (compare_keys (k, len, ns, ns_len, index->delimiter) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == children->hi || !has_prefix (index, index->sorted[lo], ns, ns_len))
    return FALSE;

  child->key_id = index->sorted[lo];
  child->is_namespace = TRUE;
  child->n_keys = next_child (children, lo) - lo;
  child->name_offset = children->prefix_len;
  child->name_len = name_len;
  return TRUE;
}
