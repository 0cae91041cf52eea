/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-index-private.h: the key index's instance struct and the helpers
 * shared by kh-key-index.c (storage, dedup set, add/remove/lookup, memory),
 * kh-key-order.c (comparison, sorting, merging, purge), kh-key-children.c
 * (namespace children, shared segments, prefix ranges) and kh-key-filter.c
 * (substring and glob filtering). The helpers on hot paths stay static
 * inline here so that every file gets them inlined. */
#pragma once

#include <string.h>

#include "kh-key-index.h"

G_BEGIN_DECLS

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
  /* A larger set reserved ahead (kh_key_index_reserve), taken up once
   * the main loop has mapped it in (kh_mapped_array), or when the set must grow */
  guint32      *next_slots;
  guint8       *next_tags;
  gsize         next_cap;

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
  gsize         order_hint;    /* keys expected, from kh_key_index_reserve() */

  guint64       version;
  guint64       generation;
  guint64       n_revived;
};

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

/* Hashing */

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

/* Prefetching the record and the bytes of a key */

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

/* Shared segments (see kh-key-children.c) */

#define SHARED_UNKNOWN 0     /* so that zeroed memory is unknown */
#define SHARED_MAX     254   /* segments counted: this many or more */

/* kh-key-order.c */
void kh_key_index_ensure_sorted      (KhKeyIndex    *self);
/* Room for @n entries in the order and in its shared-segment bytes */
void kh_key_index_sorted_reserve     (KhKeyIndex    *self,
                                      gsize          n);
void kh_key_index_shared_reserve     (KhKeyIndex    *self,
                                      gsize          n);
void kh_key_index_purge_removed      (KhKeyIndex    *self);

/* kh-key-children.c */
void kh_key_index_shared_reset       (KhKeyIndex    *self);
void kh_key_index_shared_after_merge (KhKeyIndex    *self,
                         const guint32 *positions,
                         gsize          n_new);

G_END_DECLS
