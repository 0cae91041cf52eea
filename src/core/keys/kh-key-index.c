/* SPDX-License-Identifier: GPL-3.0-or-later */
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

#include "kh-key-index-private.h"
#include "kh-mapped-array.h"

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

/* Storage */

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

static void
set_arrays_free (guint32 **slots,
                 guint8  **tags,
                 gsize    *cap)
{
  kh_mapped_array_free (*slots, *cap * sizeof (guint32));
  kh_mapped_array_free (*tags, *cap);
  *slots = NULL;
  *tags = NULL;
  *cap = 0;
}

static void
set_free (KhKeyIndex *self)
{
  set_arrays_free (&self->slots, &self->tags, &self->cap);
}

static void
set_free_next (KhKeyIndex *self)
{
  set_arrays_free (&self->next_slots, &self->next_tags, &self->next_cap);
}

/* Puts every id into empty arrays of @cap slots, which become the set */
static void
set_adopt (KhKeyIndex *self,
           guint32    *slots,
           guint8     *tags,
           gsize       cap)
{
  set_free (self);

  self->cap = cap;
  self->slots = slots;
  self->tags = tags;

  /* In id order, so the key bytes are read sequentially */
  for (guint32 id = 0; id < self->n_ids; id++)
    {
      gsize len;
      const guint8 *k = key_at (self, id, &len);

      set_insert_new (self, id, hash_bytes (k, len));
    }
}

static void
set_rebuild (KhKeyIndex *self,
             gsize       cap)
{
  set_adopt (self, kh_mapped_array_new (cap * sizeof (guint32)), kh_mapped_array_new (cap), cap);
}

static void
set_adopt_next (KhKeyIndex *self)
{
  guint32 *slots = g_steal_pointer (&self->next_slots);
  guint8 *tags = g_steal_pointer (&self->next_tags);
  gsize cap = self->next_cap;

  self->next_cap = 0;
  set_adopt (self, slots, tags, cap);
}

/* The capacity for @n ids at a load factor of at most 3/4 */
static gsize
set_cap_for (KhKeyIndex *self,
             gsize       n)
{
  gsize cap = MAX (self->cap, 1024);

  while (n * 4 > cap * 3)
    cap *= 2;
  return cap;
}

/* Makes room for n more ids. A set reserved ahead is taken up as soon as it
 * is mapped in: the keys so far are few, and each key added to it before
 * then would have faulted in a page of it, all of them within the first
 * batch (tens of milliseconds of the main loop, zeroing pages) */
static void
set_reserve (KhKeyIndex *self,
             gsize       n)
{
  gsize cap = set_cap_for (self, (gsize) self->n_ids + n);

  if (self->next_cap != 0 && self->next_cap >= cap)
    {
      /* Before it is mapped in, only if the set must grow that large anyway */
      if ((kh_mapped_array_is_ready (self->next_slots, self->next_cap * sizeof (guint32)) &&
           kh_mapped_array_is_ready (self->next_tags, self->next_cap)) ||
          (cap != self->cap && kh_mapped_array_is_mapped (cap * sizeof (guint32))))
        {
          set_adopt_next (self);
          return;
        }
    }
  else if (self->next_cap != 0)
    set_free_next (self);

  if (cap != self->cap)
    set_rebuild (self, cap);
}

/* Makes room for n more ids ahead: a set large enough to be mapped on its
 * own waits until the main loop has mapped it in (see set_reserve) */
static void
set_reserve_ahead (KhKeyIndex *self,
                   gsize       n)
{
  gsize cap = set_cap_for (self, (gsize) self->n_ids + n);

  if (cap == self->cap || cap <= self->next_cap)
    return;
  set_free_next (self);
  if (!kh_mapped_array_is_mapped (cap * sizeof (guint32)))
    {
      set_rebuild (self, cap);
      return;
    }
  self->next_cap = cap;
  self->next_slots = kh_mapped_array_new (cap * sizeof (guint32));
  self->next_tags = kh_mapped_array_new (cap);
}

/* GObject */

static void
kh_key_index_finalize (GObject *object)
{
  KhKeyIndex *self = (KhKeyIndex *) object;

  free_storage (self->chunks, self->n_chunks, self->blocks, self->n_blocks);
  set_free (self);
  set_free_next (self);
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
            kh_key_index_purge_removed (self);
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

  n_more = MIN (n_more, (gsize) MAX_IDS);
  set_reserve_ahead (self, n_more);
  /* and the order: grown a half at a time while keys load, each growth
   * copied and faulted in again when it cannot grow in place (10-20 ms
   * steps in a browser load of 1M keys) */
  self->order_hint = self->n_sorted + n_more;
  kh_key_index_sorted_reserve (self, self->order_hint);
  if (self->shared != NULL)
    kh_key_index_shared_reserve (self, self->order_hint);
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

/**
 * kh_key_index_remove_batch:
 * @keys: (array length=n_keys): keys, absent ones and duplicates allowed
 *
 * Removes keys as one change: ::changed is emitted once, if any key was in
 * the index, so that views look at the order once however many keys went
 * (keys whose TTL ran out leave by thousands).
 *
 * Returns: how many keys were removed
 */
guint
kh_key_index_remove_batch (KhKeyIndex     *self,
                           const KhKeyRef *keys,
                           gsize           n_keys)
{
  guint old_n_live;
  guint removed = 0;

  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);
  g_return_val_if_fail (keys != NULL || n_keys == 0, 0);

  old_n_live = self->n_live;
  for (gsize i = 0; i < n_keys; i++)
    {
      guint32 id = kh_key_index_lookup (self, keys[i].data, keys[i].len);

      if (id == KH_KEY_ID_INVALID)
        continue;
      set_removed (self, id, TRUE);
      self->n_live--;
      self->live_bytes -= keys[i].len;
      removed++;
    }

  if (removed > 0)
    {
      self->needs_purge = TRUE;
      emit_changed (self, old_n_live);
    }
  return removed;
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
  set_free_next (self);
  g_clear_pointer (&self->sorted, g_free);
  self->n_sorted = self->sorted_alloc = 0;
  g_clear_pointer (&self->shared, g_free);
  self->shared_alloc = 0;
  self->order_hint = 0;
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

  kh_key_index_ensure_sorted (self);

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

  /* Fewer ids: a set sized for them, keys in their new order */
  set_free (self);
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
  total += (self->cap + self->next_cap) * (sizeof (guint32) + sizeof (guint8));
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

  kh_key_index_ensure_sorted (self);
  if (n_ids)
    *n_ids = (guint) self->n_sorted;
  return self->sorted;
}

/* How many times a removed key was added again: views that keep their own
 * lists of ids recheck everything when this changes */
guint64
kh_key_index_get_n_revived (KhKeyIndex *self)
{
  g_return_val_if_fail (KH_IS_KEY_INDEX (self), 0);

  return self->n_revived;
}
