/* kh-key-index.c: a compact, deduplicated, naturally sorted set of key names
 *
 * Layout, chosen so that ten million keys cost little more than their bytes:
 * - key bytes are appended to 1 MiB chunks (a key larger than a quarter of a
 *   chunk gets a chunk of its own), never moved until kh_key_index_compact();
 * - each key id owns one packed guint64 record: chunk (20 bits), offset in the
 *   chunk (20 bits), length (24 bits, or "see the chunk" for huge keys), kept
 *   in blocks of 65536 records together with their "removed" bits;
 * - deduplication is an open-addressing set of ids with a one-byte hash tag
 *   per slot, so most probes never touch the key bytes;
 * - the order is one guint32 array of live ids, sorted lazily: new ids are
 *   sorted on their own and merged in when a view asks for the order; beside
 *   it, one byte per key for the namespace tree (see "Shared segments").
 * About 8 + 5/0.75 + 4 + 1 bytes of overhead per key, plus slack.
 *
 * Not thread-safe: an index and its views belong to one thread (the main
 * loop's); filtering a million keys takes milliseconds there.
 *
 * The order compares keys segment by segment (segments are separated by the
 * delimiter); inside a segment digit runs compare by value and other bytes by
 * value, and segments that are equal that way compare bytewise. Because the
 * order is segment-wise, the keys under a namespace prefix are contiguous in
 * it, which makes namespace children a range scan; the byte per position
 * (how many segments a key shares with the one before it) lets that scan
 * skip the keys themselves.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "kh-glob.h"
#include "kh-key-index.h"

#define CHUNK_SHIFT   20
#define CHUNK_SIZE    ((gsize) 1 << CHUNK_SHIFT)
#define BIG_KEY       (CHUNK_SIZE / 4)
#define MAX_CHUNKS    ((guint) 1 << 20)
#define LEN_ESCAPE    ((guint64) 0xFFFFFF)
#define BLOCK_SHIFT   16
#define BLOCK_SIZE    ((guint) 1 << BLOCK_SHIFT)
#define BLOCK_MASK    (BLOCK_SIZE - 1)
#define MAX_IDS       (G_MAXUINT32 - 1)

typedef struct {
  char  *data;
  gsize  used;
  gsize  alloc;
} Chunk;

typedef struct {
  guint64 rec[BLOCK_SIZE];
  guint64 removed[BLOCK_SIZE / 64];
} RecordBlock;

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

struct _KhKeyIndex {
  GObject       parent_instance;

  guint8        delimiter;

  Chunk        *chunks;
  guint         n_chunks;
  guint         chunks_alloc;
  guint         cur_chunk;     /* receives small keys; G_MAXUINT if none */

  RecordBlock **blocks;
  guint         n_blocks;
  guint         blocks_alloc;

  guint32       n_ids;
  guint         n_live;
  guint64       live_bytes;

  /* The dedup set: ids of every key, live or removed */
  guint32      *slots;
  guint8       *tags;          /* 0: empty; else 0x80 | 7 bits of the hash */
  gsize         cap;

  /* The order */
  guint32      *sorted;
  gsize         n_sorted;
  gsize         sorted_alloc;
  guint32       sorted_upto;   /* ids below this were merged (or removed) */
  GArray       *revived;       /* ids below sorted_upto removed then added again */
  gboolean      needs_purge;   /* sorted may hold removed ids */
  gboolean      sort_valid;

  /* Beside the order, for namespace children: per position, 1 + the
   * delimiters in the bytes the key shares with the key before it, or 0 if
   * not computed yet. A full sort leaves every entry unknown, merges compute
   * those next to new keys, purges keep them, and readers compute what they
   * meet unknown. */
  guint8       *shared;
  gsize         shared_alloc;

  guint64       version;
  guint64       generation;
  guint64       n_revived;
};

enum {
  PROP_0,
  PROP_DELIMITER,
  PROP_N_KEYS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KhKeyIndex, kh_key_index, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KhKeyFilterMode, kh_key_filter_mode,
  G_DEFINE_ENUM_VALUE (KH_KEY_FILTER_SUBSTRING, "substring"),
  G_DEFINE_ENUM_VALUE (KH_KEY_FILTER_GLOB, "glob"))

G_DEFINE_BOXED_TYPE (KhKeyChildren, kh_key_children, kh_key_children_ref, kh_key_children_unref)

/* Storage */

static inline const guint8 *
decode_record (const Chunk *chunks,
               guint64      rec,
               gsize       *len)
{
  guint chunk = (guint) (rec >> 44);
  gsize offset = (gsize) ((rec >> 24) & 0xFFFFF);
  gsize l = (gsize) (rec & LEN_ESCAPE);

  if (G_UNLIKELY (l == LEN_ESCAPE))
    l = chunks[chunk].used;

  *len = l;
  return (const guint8 *) chunks[chunk].data + offset;
}

static inline const guint8 *
key_at (KhKeyIndex *self,
        guint32     id,
        gsize      *len)
{
  return decode_record (self->chunks, self->blocks[id >> BLOCK_SHIFT]->rec[id & BLOCK_MASK], len);
}

static inline gboolean
id_removed (KhKeyIndex *self,
            guint32     id)
{
  const RecordBlock *block = self->blocks[id >> BLOCK_SHIFT];
  guint i = id & BLOCK_MASK;

  return (block->removed[i >> 6] >> (i & 63)) & 1;
}

static inline void
set_removed (KhKeyIndex *self,
             guint32     id,
             gboolean    removed)
{
  RecordBlock *block = self->blocks[id >> BLOCK_SHIFT];
  guint i = id & BLOCK_MASK;

  if (removed)
    block->removed[i >> 6] |= G_GUINT64_CONSTANT (1) << (i & 63);
  else
    block->removed[i >> 6] &= ~(G_GUINT64_CONSTANT (1) << (i & 63));
}

static guint
new_chunk (KhKeyIndex *self,
           gsize       size)
{
  if (self->n_chunks == self->chunks_alloc)
    {
      self->chunks_alloc = MAX (16, self->chunks_alloc * 2);
      self->chunks = g_renew (Chunk, self->chunks, self->chunks_alloc);
    }

  self->chunks[self->n_chunks].data = g_malloc (MAX (size, 1));
  self->chunks[self->n_chunks].used = 0;
  self->chunks[self->n_chunks].alloc = MAX (size, 1);

  return self->n_chunks++;
}

/* Appends the bytes and a record for them; returns the new id. */
static guint32
append_key (KhKeyIndex   *self,
            const guint8 *data,
            gsize         len)
{
  guint chunk;
  gsize offset;
  guint64 len_field;
  guint32 id = self->n_ids;

  if (len > BIG_KEY)
    {
      chunk = new_chunk (self, len);
      offset = 0;
    }
  else
    {
      if (self->cur_chunk == G_MAXUINT || self->chunks[self->cur_chunk].used + len > CHUNK_SIZE)
        self->cur_chunk = new_chunk (self, CHUNK_SIZE);
      chunk = self->cur_chunk;
      offset = self->chunks[chunk].used;
    }

  if (len > 0)
    memcpy (self->chunks[chunk].data + offset, data, len);
  self->chunks[chunk].used += len;

  if ((id >> BLOCK_SHIFT) == self->n_blocks)
    {
      if (self->n_blocks == self->blocks_alloc)
        {
          self->blocks_alloc = MAX (16, self->blocks_alloc * 2);
          self->blocks = g_renew (RecordBlock *, self->blocks, self->blocks_alloc);
        }
      self->blocks[self->n_blocks] = g_new (RecordBlock, 1);
      memset (self->blocks[self->n_blocks]->removed, 0, sizeof self->blocks[0]->removed);
      self->n_blocks++;
    }

  len_field = MIN ((guint64) len, LEN_ESCAPE);
  self->blocks[id >> BLOCK_SHIFT]->rec[id & BLOCK_MASK] =
    ((guint64) chunk << 44) | ((guint64) offset << 24) | len_field;
  set_removed (self, id, FALSE);

  self->n_ids++;
  return id;
}

static gboolean
can_append (KhKeyIndex *self,
            gsize       len)
{
  if (self->n_ids >= MAX_IDS || self->n_chunks + 1 >= MAX_CHUNKS)
    {
      g_critical ("The key index is full (%u keys)", self->n_ids);
      return FALSE;
    }
  return TRUE;
}

static void
free_storage (Chunk        *chunks,
              guint         n_chunks,
              RecordBlock **blocks,
              guint         n_blocks)
{
  for (guint i = 0; i < n_chunks; i++)
    g_free (chunks[i].data);
  g_free (chunks);
  for (guint i = 0; i < n_blocks; i++)
    g_free (blocks[i]);
  g_free (blocks);
}

/* Hashing and the dedup set */

#define ROTL64(x, r) (((x) << (r)) | ((x) >> (64 - (r))))

static inline guint64
hash_bytes (const guint8 *p,
            gsize         len)
{
  const guint64 k1 = G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  const guint64 k2 = G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F);
  const guint64 k3 = G_GUINT64_CONSTANT (0x165667B19E3779F9);
  guint64 h = ((guint64) len * k1) ^ G_GUINT64_CONSTANT (0x27D4EB2F165667C5);
  guint64 w;

  while (len >= 8)
    {
      memcpy (&w, p, 8);
      h ^= w * k2;
      h = ROTL64 (h, 31) * k1;
      p += 8;
      len -= 8;
    }

  if (len > 0)
    {
      w = 0;
      memcpy (&w, p, len);
      h ^= w * k2;
      h = ROTL64 (h, 31) * k1;
    }

  h ^= h >> 33;
  h *= k3;
  h ^= h >> 29;
  h *= k2;
  h ^= h >> 32;
  return h;
}

static inline guint8
hash_tag (guint64 h)
{
  return 0x80 | (guint8) (h >> 57);
}

/* Returns the id of the key, or KH_KEY_ID_INVALID and the empty slot where it
 * would go. */
static guint32
set_find (KhKeyIndex   *self,
          const guint8 *key,
          gsize         len,
          guint64       h,
          gsize        *slot)
{
  gsize mask = self->cap - 1;
  gsize i = (gsize) h & mask;
  guint8 tag = hash_tag (h);

  for (;;)
    {
      guint8 t = self->tags[i];

      if (t == 0)
        {
          *slot = i;
          return KH_KEY_ID_INVALID;
        }

      if (t == tag)
        {
          guint32 id = self->slots[i];
          gsize klen;
          const guint8 *k = key_at (self, id, &klen);

          if (klen == len && (len == 0 || memcmp (k, key, len) == 0))
            {
              *slot = i;
              return id;
            }
        }

      i = (i + 1) & mask;
    }
}

static void
set_insert_new (KhKeyIndex *self,
                guint32     id,
                guint64     h)
{
  gsize mask = self->cap - 1;
  gsize i = (gsize) h & mask;

  while (self->tags[i] != 0)
    i = (i + 1) & mask;

  self->tags[i] = hash_tag (h);
  self->slots[i] = id;
}

/* The set's arrays are read at random, one probe per key added: in 2 MiB
 * pages where the system has them, a load of millions of keys misses the TLB
 * far less (measured: see tests/bench/bench-key-load.c) */
#define HUGE_PAGE_SIZE ((gsize) 2 << 20)

static gpointer
set_alloc (gsize size)
{
  gpointer mem = NULL;

  if (size < HUGE_PAGE_SIZE || posix_memalign (&mem, HUGE_PAGE_SIZE, size) != 0)
    return g_malloc (size);
#ifdef MADV_HUGEPAGE
  madvise (mem, size, MADV_HUGEPAGE);
#endif
#ifdef __linux__
  /* Mapped now, in one call: the first keys land all over the set, and a
   * fault for each of its pages costs far more (2 ms instead of 30 for 10 MB
   * in a VM here). Linux 5.14 and later; elsewhere pages come on first use */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
  madvise (mem, size, MADV_POPULATE_WRITE);
#endif
  return mem;
}

static void
set_free (KhKeyIndex *self)
{
  /* g_malloc() and posix_memalign() memory are both free()d */
  free (self->slots);
  free (self->tags);
  self->slots = NULL;
  self->tags = NULL;
  self->cap = 0;
}

static void
set_rebuild (KhKeyIndex *self,
             gsize       cap)
{
  set_free (self);

  self->cap = cap;
  self->slots = set_alloc (cap * sizeof (guint32));
  self->tags = set_alloc (cap);
  memset (self->tags, 0, cap);

  /* In id order, so the key bytes are read sequentially */
  for (guint32 id = 0; id < self->n_ids; id++)
    {
      gsize len;
      const guint8 *k = key_at (self, id, &len);

      set_insert_new (self, id, hash_bytes (k, len));
    }
}

/* Makes room for n more ids at a load factor of at most 3/4. */
static void
set_reserve (KhKeyIndex *self,
             gsize       n)
{
  gsize need = (gsize) self->n_ids + n;
  gsize cap = MAX (self->cap, 1024);

  while (need * 4 > cap * 3)
    cap *= 2;

  if (cap != self->cap)
    set_rebuild (self, cap);
}

/* Natural, segment-wise comparison */

static inline gboolean
is_digit (guint8 c)
{
  return c >= '0' && c <= '9';
}

static inline gsize
common_prefix (const guint8 *a,
               const guint8 *b,
               gsize         n)
{
  gsize i = 0;

#if defined(__GNUC__)
  while (i + 8 <= n)
    {
      guint64 x, y;

      memcpy (&x, a + i, 8);
      memcpy (&y, b + i, 8);
      if (x != y)
        {
# if G_BYTE_ORDER == G_LITTLE_ENDIAN
          return i + ((gsize) __builtin_ctzll (x ^ y) >> 3);
# else
          return i + ((gsize) __builtin_clzll (x ^ y) >> 3);
# endif
        }
      i += 8;
    }
#endif

  while (i < n && a[i] == b[i])
    i++;
  return i;
}

static inline int
compare_keys (const guint8 *a,
              gsize         alen,
              const guint8 *b,
              gsize         blen,
              guint8        d)
{
  gsize i = common_prefix (a, b, MIN (alen, blen));
  gsize pa, pb;
  guint ca, cb;

  if (i == alen && i == blen)
    return 0;

  /* Everything before i is equal; a digit run that reaches i must be
   * compared by value from its start. */
  pa = i;
  while (pa > 0 && is_digit (a[pa - 1]))
    pa--;
  pb = pa;

  /* Natural comparison of the rest of the current segment */
  for (;;)
    {
      gboolean end_a = pa == alen || a[pa] == d;
      gboolean end_b = pb == blen || b[pb] == d;

      if (end_a || end_b)
        {
          if (end_a && end_b)
            break;
          return end_a ? -1 : 1;
        }

      if (is_digit (a[pa]) && is_digit (b[pb]))
        {
          gsize sa = pa, sb = pb, ea, eb;
          int c;

          while (sa < alen && a[sa] == '0')
            sa++;
          while (sb < blen && b[sb] == '0')
            sb++;
          for (ea = sa; ea < alen && is_digit (a[ea]); ea++)
            ;
          for (eb = sb; eb < blen && is_digit (b[eb]); eb++)
            ;
          if (ea - sa != eb - sb)
            return ea - sa < eb - sb ? -1 : 1;
          c = memcmp (a + sa, b + sb, ea - sa);
          if (c != 0)
            return c < 0 ? -1 : 1;
          pa = ea;
          pb = eb;
        }
      else
        {
          if (a[pa] != b[pb])
            return a[pa] < b[pb] ? -1 : 1;
          pa++;
          pb++;
        }
    }

  /* The segments are equal by value ("01" and "1"): bytewise decides, with
   * the end of a segment lowest. */
  ca = (i < alen && a[i] != d) ? (guint) a[i] + 1 : 0;
  cb = (i < blen && b[i] != d) ? (guint) b[i] + 1 : 0;
  if (ca != cb)
    return ca < cb ? -1 : 1;

  /* Identical segments, and one key stops where the other goes on */
  return i == alen ? -1 : 1;
}

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

#if defined(__GNUC__)
# define KH_PREFETCH(p) __builtin_prefetch (p)
#else
# define KH_PREFETCH(p) ((void) (p))
#endif

#define RECORD_AHEAD 32
#define KEY_AHEAD    16

static inline void
prefetch_record (KhKeyIndex *self,
                 guint32     id)
{
  KH_PREFETCH (&self->blocks[id >> BLOCK_SHIFT]->rec[id & BLOCK_MASK]);
}

static inline void
prefetch_key (KhKeyIndex *self,
              guint32     id)
{
  guint64 rec = self->blocks[id >> BLOCK_SHIFT]->rec[id & BLOCK_MASK];

  KH_PREFETCH (self->chunks[rec >> 44].data + ((rec >> 24) & 0xFFFFF));
}

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

static void
sorted_reserve (KhKeyIndex *self,
                gsize       n)
{
  if (n <= self->sorted_alloc)
    return;

  /* Grow by half so that merging batches stays amortised */
  self->sorted_alloc = MAX (n, self->sorted_alloc + self->sorted_alloc / 2);
  self->sorted = g_renew (guint32, self->sorted, self->sorted_alloc);
}

/* Shared segments
 *
 * Kept beside the order from its first sort on: a full sort leaves every
 * entry unknown (zeroed memory is not even touched until read), a merge
 * moves the entries with their keys and computes the two next to each new
 * key, and a purge takes the least entry of each run it closes. Readers
 * compute the unknown entries they meet. Costs one byte per key and, in a
 * merge, a second memmove of a quarter of the order's size.
 */

#define SHARED_UNKNOWN 0     /* so that zeroed memory is unknown */
#define SHARED_MAX     254   /* segments counted: this many or more */

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

static void
shared_reserve (KhKeyIndex *self,
                gsize       n)
{
  if (n <= self->shared_alloc)
    return;

  self->shared_alloc = MAX (n, self->shared_alloc + self->shared_alloc / 2);
  self->shared = g_realloc (self->shared, self->shared_alloc);
}

/* Every entry unknown; zeroed memory costs nothing until a page of it is
 * read */
static void
shared_reset (KhKeyIndex *self)
{
  g_free (self->shared);
  self->shared_alloc = MAX (self->n_sorted, 1);
  self->shared = g_malloc0 (self->shared_alloc);
}

/* After a merge put new ids at @positions (ascending) of the order: moves
 * the old entries to their new places and computes those next to new ids */
static void
shared_after_merge (KhKeyIndex    *self,
                    const guint32 *positions,
                    gsize          n_new)
{
  gsize n = self->n_sorted;
  gsize w_end = n, r_end = n - n_new;

  shared_reserve (self, n);
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

/* Drops removed ids from the order and from the revived list. A key that
 * loses its neighbour shares with the next one before it the least of what
 * the keys in between shared. */
static void
purge_removed (KhKeyIndex *self)
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

static void
ensure_sorted (KhKeyIndex *self)
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
    purge_removed (self);

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
      self->sorted = g_realloc (a, MAX (n, 1) * sizeof (guint32));
      self->sorted_alloc = MAX (n, 1);
      self->n_sorted = n;
      self->sorted_upto = self->n_ids;
      g_array_set_size (self->revived, 0);
      shared_reset (self);
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
  sorted_reserve (self, self->n_sorted + n_pending);

  if (n_pending < self->n_sorted / 32)
    {
      /* A small batch: find each new id's place by binary search and move
       * the old ids after it in one block, instead of comparing all of them */
      gsize hi = self->n_sorted;
      gsize wpos = self->n_sorted + n_pending;

      for (gsize p = n_pending; p-- > 0;)
        {
          gsize len, lo = 0, top = hi;
          const guint8 *k = key_at (self, pending[p], &len);

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
    shared_after_merge (self, pending, n_pending);
  g_free (pending);
}

/* GObject */

static void
kh_key_index_finalize (GObject *object)
{
  KhKeyIndex *self = (KhKeyIndex *) object;

  free_storage (self->chunks, self->n_chunks, self->blocks, self->n_blocks);
  set_free (self);
  g_free (self->sorted);
  g_free (self->shared);
  g_array_unref (self->revived);

  G_OBJECT_CLASS (kh_key_index_parent_class)->finalize (object);
}

static void
kh_key_index_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KhKeyIndex *self = KH_KEY_INDEX (object);

  switch (prop_id)
    {
    case PROP_DELIMITER:
      g_value_set_schar (value, (gint8) self->delimiter);
      break;
    case PROP_N_KEYS:
      g_value_set_uint (value, self->n_live);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_index_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KhKeyIndex *self = KH_KEY_INDEX (object);

  switch (prop_id)
    {
    case PROP_DELIMITER:
      kh_key_index_set_delimiter (self, (char) g_value_get_schar (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_index_class_init (KhKeyIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kh_key_index_finalize;
  object_class->get_property = kh_key_index_get_property;
  object_class->set_property = kh_key_index_set_property;

  properties[PROP_DELIMITER] =
    g_param_spec_char ("delimiter", NULL, NULL,
                       G_MININT8, G_MAXINT8, ':',
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_KEYS] =
    g_param_spec_uint ("n-keys", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhKeyIndex::changed:
   *
   * Keys were added or removed, or the order changed. Emitted once per
   * add, batch, remove, clear, compact or delimiter change.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kh_key_index_init (KhKeyIndex *self)
{
  self->delimiter = ':';
  self->cur_chunk = G_MAXUINT;
  self->revived = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->sort_valid = TRUE;
}

static void
emit_changed (KhKeyIndex *self,
              guint       old_n_live)
{
  self->version++;
  if (old_n_live != self->n_live)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_KEYS]);
  g_signal_emit (self, signals[CHANGED], 0);
}

KhKeyIndex *
kh_key_index_new (void)
{
  return g_object_new (KH_TYPE_KEY_INDEX, NULL);
}

char
kh_key_index_get_delimiter (KhKeyIndex *self)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), ':');

  return (char) self->delimiter;
}

/**
 * kh_key_index_set_delimiter:
 * @delimiter: the namespace delimiter; not a digit
 *
 * Changes the order (segments depend on the delimiter), so views refresh.
 */
void
kh_key_index_set_delimiter (KhKeyIndex *self,
                            char        delimiter)
{
  g_return_if_fail (KH_IS_KEY_INDEX (self));
  g_return_if_fail (!is_digit ((guint8) delimiter));

  if (self->delimiter == (guint8) delimiter)
    return;

  self->delimiter = (guint8) delimiter;
  self->sort_valid = FALSE;
  self->generation++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIMITER]);
  emit_changed (self, self->n_live);
}

/* Adds one key without telling anyone; returns whether it was new. */
static gboolean
add_one (KhKeyIndex   *self,
         const guint8 *key,
         gsize         len,
         guint64       h)
{
  gsize slot;
  guint32 id;

  id = set_find (self, key, len, h, &slot);
  if (id != KH_KEY_ID_INVALID)
    {
      if (!id_removed (self, id))
        return FALSE;

      /* Removed, then seen again: bring it back. Purging first makes sure
       * the id is no longer in the order before it is queued again. */
      if (id < self->sorted_upto && self->sort_valid)
        {
          if (self->needs_purge)
            purge_removed (self);
          g_array_append_val (self->revived, id);
        }
      set_removed (self, id, FALSE);
      self->n_revived++;
      self->n_live++;
      self->live_bytes += len;
      return TRUE;
    }

  if (!can_append (self, len))
    return FALSE;

  id = append_key (self, key, len);
  self->tags[slot] = hash_tag (h);
  self->slots[slot] = id;
  self->n_live++;
  self->live_bytes += len;
  return TRUE;
}

/**
 * kh_key_index_reserve:
 *
 * Makes room for @n_more keys at once, so that loading a keyspace of known
 * size does not rehash the dedup set again and again.
 */
void
kh_key_index_reserve (KhKeyIndex *self,
                      gsize       n_more)
{
  g_return_if_fail (KH_IS_KEY_INDEX (self));

  set_reserve (self, MIN (n_more, (gsize) MAX_IDS));
}

/**
 * kh_key_index_add:
 * @key: (array length=len): the key's bytes
 *
 * Returns: %TRUE if the key was not in the index (or had been removed)
 */
gboolean
kh_key_index_add (KhKeyIndex *self,
                  const char *key,
                  gsize       len)
{
  guint old_n_live;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), FALSE);
  g_return_val_if_fail (key != NULL || len == 0, FALSE);

  old_n_live = self->n_live;
  set_reserve (self, 1);
  if (!add_one (self, (const guint8 *) key, len, hash_bytes ((const guint8 *) key, len)))
    return FALSE;

  emit_changed (self, old_n_live);
  return TRUE;
}

#define PREFETCH_GROUP 16
#ifdef __GNUC__
#define PREFETCH(addr) __builtin_prefetch ((addr), 1)
#else
#define PREFETCH(addr) ((void) (addr))
#endif

/**
 * kh_key_index_add_batch:
 * @keys: (array length=n_keys): keys, duplicates allowed
 *
 * Adds keys as one change: ::changed is emitted once, if any key was new.
 *
 * Returns: how many keys were new
 */
guint
kh_key_index_add_batch (KhKeyIndex     *self,
                        const KhKeyRef *keys,
                        gsize           n_keys)
{
  guint old_n_live;
  guint added = 0;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);
  g_return_val_if_fail (keys != NULL || n_keys == 0, 0);

  old_n_live = self->n_live;
  set_reserve (self, n_keys);
  /* Each key's first probe is a cache miss in a large set: hash a group of
   * keys and ask for their slots first, then add them while those arrive */
  for (gsize base = 0; base < n_keys; base += PREFETCH_GROUP)
    {
      guint64 hashes[PREFETCH_GROUP];
      gsize n = MIN (PREFETCH_GROUP, n_keys - base);

      for (gsize j = 0; j < n; j++)
        {
          gsize slot;

          hashes[j] = hash_bytes ((const guint8 *) keys[base + j].data, keys[base + j].len);
          slot = (gsize) hashes[j] & (self->cap - 1);
          PREFETCH (&self->tags[slot]);
          PREFETCH (&self->slots[slot]);
        }
      for (gsize j = 0; j < n; j++)
        if (add_one (self, (const guint8 *) keys[base + j].data, keys[base + j].len, hashes[j]))
          added++;
    }

  if (added > 0)
    emit_changed (self, old_n_live);
  return added;
}

/**
 * kh_key_index_remove:
 *
 * Marks a key as removed. Its id stays reserved (and its bytes stay in the
 * arena) until kh_key_index_compact(); views no longer show it.
 *
 * Returns: %TRUE if the key was in the index
 */
gboolean
kh_key_index_remove (KhKeyIndex *self,
                     const char *key,
                     gsize       len)
{
  guint32 id;
  guint old_n_live;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), FALSE);

  id = kh_key_index_lookup (self, key, len);
  if (id == KH_KEY_ID_INVALID)
    return FALSE;

  old_n_live = self->n_live;
  set_removed (self, id, TRUE);
  self->n_live--;
  self->live_bytes -= len;
  self->needs_purge = TRUE;
  emit_changed (self, old_n_live);
  return TRUE;
}

static void
reset_storage (KhKeyIndex *self)
{
  self->chunks = NULL;
  self->n_chunks = self->chunks_alloc = 0;
  self->cur_chunk = G_MAXUINT;
  self->blocks = NULL;
  self->n_blocks = self->blocks_alloc = 0;
  self->n_ids = 0;
}

void
kh_key_index_clear (KhKeyIndex *self)
{
  guint old_n_live;

  g_return_if_fail (KH_IS_KEY_INDEX (self));

  old_n_live = self->n_live;
  free_storage (self->chunks, self->n_chunks, self->blocks, self->n_blocks);
  reset_storage (self);
  set_free (self);
  g_clear_pointer (&self->sorted, g_free);
  self->n_sorted = self->sorted_alloc = 0;
  g_clear_pointer (&self->shared, g_free);
  self->shared_alloc = 0;
  self->sorted_upto = 0;
  g_array_set_size (self->revived, 0);
  self->needs_purge = FALSE;
  self->sort_valid = TRUE;
  self->n_live = 0;
  self->live_bytes = 0;
  self->generation++;
  emit_changed (self, old_n_live);
}

/**
 * kh_key_index_compact:
 *
 * Frees the bytes of removed keys. Ids are renumbered, so the generation
 * changes and views reload.
 */
void
kh_key_index_compact (KhKeyIndex *self)
{
  Chunk *old_chunks;
  RecordBlock **old_blocks;
  guint old_n_chunks, old_n_blocks;
  guint32 old_n_ids;
  guint32 *map;

  g_return_if_fail (KH_IS_KEY_INDEX (self));

  if (self->n_live == self->n_ids)
    return;

  ensure_sorted (self);

  old_chunks = self->chunks;
  old_n_chunks = self->n_chunks;
  old_blocks = self->blocks;
  old_n_blocks = self->n_blocks;
  old_n_ids = self->n_ids;
  reset_storage (self);

  map = g_new (guint32, MAX (old_n_ids, 1));
  for (guint32 id = 0; id < old_n_ids; id++)
    {
      const RecordBlock *block = old_blocks[id >> BLOCK_SHIFT];
      guint i = id & BLOCK_MASK;
      gsize len;
      const guint8 *k;

      if ((block->removed[i >> 6] >> (i & 63)) & 1)
        {
          map[id] = KH_KEY_ID_INVALID;
          continue;
        }

      k = decode_record (old_chunks, block->rec[i], &len);
      map[id] = append_key (self, k, len);
    }
  free_storage (old_chunks, old_n_chunks, old_blocks, old_n_blocks);

  for (gsize r = 0; r < self->n_sorted; r++)
    self->sorted[r] = map[self->sorted[r]];
  self->sorted_upto = self->n_ids;
  g_free (map);

  self->cap = 0;
  set_reserve (self, 0);

  self->generation++;
  emit_changed (self, self->n_live);
}

/* Live keys */
guint
kh_key_index_get_n_keys (KhKeyIndex *self)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);

  return self->n_live;
}

/* Ids handed out so far, removed keys included: ids are below this */
guint
kh_key_index_get_n_ids (KhKeyIndex *self)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);

  return self->n_ids;
}

/* The bytes of the live keys, overhead not counted */
guint64
kh_key_index_get_total_key_bytes (KhKeyIndex *self)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);

  return self->live_bytes;
}

/**
 * kh_key_index_get_memory_usage:
 *
 * Returns: the bytes the index has allocated: arena, records, dedup set,
 *   order, bookkeeping
 */
gsize
kh_key_index_get_memory_usage (KhKeyIndex *self)
{
  gsize total;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);

  total = sizeof *self;
  for (guint i = 0; i < self->n_chunks; i++)
    total += self->chunks[i].alloc;
  total += (gsize) self->chunks_alloc * sizeof (Chunk);
  total += (gsize) self->n_blocks * sizeof (RecordBlock);
  total += (gsize) self->blocks_alloc * sizeof (RecordBlock *);
  total += self->cap * (sizeof (guint32) + sizeof (guint8));
  total += self->sorted_alloc * sizeof (guint32);
  total += self->shared_alloc;
  total += (gsize) self->revived->len * sizeof (guint32);
  return total;
}

/* Changes on every ::changed */
guint64
kh_key_index_get_version (KhKeyIndex *self)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);

  return self->version;
}

/* Changes when ids are renumbered or the order changes: clear, compact, delimiter */
guint64
kh_key_index_get_generation (KhKeyIndex *self)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);

  return self->generation;
}

/**
 * kh_key_index_lookup:
 *
 * Returns: the id of a live key, or %KH_KEY_ID_INVALID
 */
guint32
kh_key_index_lookup (KhKeyIndex *self,
                     const char *key,
                     gsize       len)
{
  gsize slot;
  guint32 id;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), KH_KEY_ID_INVALID);
  g_return_val_if_fail (key != NULL || len == 0, KH_KEY_ID_INVALID);

  if (self->cap == 0)
    return KH_KEY_ID_INVALID;

  id = set_find (self, (const guint8 *) key, len, hash_bytes ((const guint8 *) key, len), &slot);
  if (id == KH_KEY_ID_INVALID || id_removed (self, id))
    return KH_KEY_ID_INVALID;
  return id;
}

gboolean
kh_key_index_contains (KhKeyIndex *self,
                       const char *key,
                       gsize       len)
{
  return kh_key_index_lookup (self, key, len) != KH_KEY_ID_INVALID;
}

/**
 * kh_key_index_get_key:
 * @len: (out): the key's length
 *
 * Returns: (transfer none): the key's bytes, not NUL-terminated, valid until
 *   the index is cleared or compacted
 */
const char *
kh_key_index_get_key (KhKeyIndex *self,
                      guint32     id,
                      gsize      *len)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), NULL);
  g_return_val_if_fail (id < self->n_ids, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  return (const char *) key_at (self, id, len);
}

GBytes *
kh_key_index_dup_key (KhKeyIndex *self,
                      guint32     id)
{
  gsize len;
  const char *k;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), NULL);
  g_return_val_if_fail (id < self->n_ids, NULL);

  k = (const char *) key_at (self, id, &len);
  return g_bytes_new (k, len);
}

gboolean
kh_key_index_is_removed (KhKeyIndex *self,
                         guint32     id)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), TRUE);
  g_return_val_if_fail (id < self->n_ids, TRUE);

  return id_removed (self, id);
}

/**
 * kh_key_index_get_sorted:
 * @n_ids: (out): the number of ids, kh_key_index_get_n_keys()
 *
 * Sorts what was added since the last call (merging it in).
 *
 * Returns: (transfer none): the live ids in order, valid until the next change
 */
const guint32 *
kh_key_index_get_sorted (KhKeyIndex *self,
                         guint      *n_ids)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), NULL);

  ensure_sorted (self);
  if (n_ids)
    *n_ids = (guint) self->n_sorted;
  return self->sorted;
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

  ensure_sorted (self);
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

/* Filtering */

static inline gboolean
contains_bytes (const guint8 *h,
                gsize         hlen,
                const guint8 *needle,
                gsize         nlen)
{
  const guint8 *last;

  if (nlen == 0)
    return TRUE;
  if (hlen < nlen)
    return FALSE;

  last = h + (hlen - nlen);
  while (h <= last)
    {
      const guint8 *f = memchr (h, needle[0], (gsize) (last - h) + 1);

      if (f == NULL)
        return FALSE;
      if (memcmp (f + 1, needle + 1, nlen - 1) == 0)
        return TRUE;
      h = f + 1;
    }
  return FALSE;
}

/**
 * kh_key_index_filter:
 * @pattern: (array length=pattern_len): a substring, or a server glob
 *
 * Tests every live key (in id order, so memory is read sequentially), then
 * gathers the matches in sorted order.
 *
 * Returns: (transfer full) (element-type guint32): the ids of the matching
 *   keys in order, or %NULL if cancelled
 */
GArray *
kh_key_index_filter (KhKeyIndex       *self,
                     const char       *pattern,
                     gsize             pattern_len,
                     KhKeyFilterMode   mode,
                     GCancellable     *cancellable,
                     GError          **error)
{
  const guint8 *needle = (const guint8 *) pattern;
  gsize needle_len = pattern_len;
  gboolean glob = mode == KH_KEY_FILTER_GLOB;
  g_autofree guint64 *bits = NULL;
  GArray *result;
  guint n_matches = 0;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), NULL);
  g_return_val_if_fail (pattern != NULL || pattern_len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (glob && kh_glob_is_literal (pattern, pattern_len))
    {
      /* An exact name: one lookup */
      guint32 id = kh_key_index_lookup (self, pattern, pattern_len);

      result = g_array_new (FALSE, FALSE, sizeof (guint32));
      if (id != KH_KEY_ID_INVALID)
        g_array_append_val (result, id);
      return result;
    }

  if (glob)
    {
      gsize offset, len;

      if (kh_glob_as_substring (pattern, pattern_len, &offset, &len))
        {
          needle += offset;
          needle_len = len;
          glob = FALSE;
        }
    }

  bits = g_new0 (guint64, (self->n_ids + 63) / 64 + 1);
  for (guint b = 0; b < self->n_blocks; b++)
    {
      const RecordBlock *block = self->blocks[b];
      guint32 base = b << BLOCK_SHIFT;
      guint n = MIN (BLOCK_SIZE, self->n_ids - base);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      for (guint i = 0; i < n; i++)
        {
          gsize len;
          const guint8 *k;
          gboolean match;

          if ((block->removed[i >> 6] >> (i & 63)) & 1)
            continue;

          k = decode_record (self->chunks, block->rec[i], &len);
          if (glob)
            match = kh_glob_match (pattern, pattern_len, (const char *) k, len);
          else
            match = contains_bytes (k, len, needle, needle_len);

          if (match)
            {
              guint32 id = base + i;

              bits[id >> 6] |= G_GUINT64_CONSTANT (1) << (id & 63);
              n_matches++;
            }
        }
    }

  ensure_sorted (self);
  result = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_matches);
  if (n_matches == 0)
    return result;

  for (gsize r = 0; r < self->n_sorted; r++)
    {
      guint32 id = self->sorted[r];

      if ((bits[id >> 6] >> (id & 63)) & 1)
        g_array_append_val (result, id);
    }

  return result;
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

/* How many times a removed key was added again: views that keep their own
 * lists of ids recheck everything when this changes */
guint64
kh_key_index_get_n_revived (KhKeyIndex *self)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);

  return self->n_revived;
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

/* Whether one key passes a filter, as kh_key_index_filter() decides */
gboolean
kh_key_filter_match (const char      *pattern,
                     gsize            pattern_len,
                     KhKeyFilterMode  mode,
                     const char      *key,
                     gsize            len)
{
  g_return_val_if_fail (pattern != NULL || pattern_len == 0, FALSE);
  g_return_val_if_fail (key != NULL || len == 0, FALSE);

  if (mode == KH_KEY_FILTER_GLOB)
    return kh_glob_match (pattern, pattern_len, key, len);
  return contains_bytes ((const guint8 *) key, len, (const guint8 *) pattern, pattern_len);
}
