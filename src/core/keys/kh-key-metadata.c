/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-metadata.c: TYPE, TTL and MEMORY USAGE for the keys on screen
 *
 * Rows ask as they are bound; the requests of one frame are collected and sent
 * from an idle as one pipeline (TYPE, PTTL and MEMORY USAGE per key, in
 * batches of KH_KEY_METADATA_BATCH_SIZE keys), so a screenful of keys costs a
 * round trip or two however far the server is. Answers are cached by key
 * bytes in a bounded LRU, with the TTL kept as an absolute expiry time so the
 * browser can count down without asking again.
 *
 * Keys with a TTL are also kept in expiry order (a GSequence beside the
 * cache): when a countdown ends, the key is forgotten and reported in
 * "keys-expired", batched, so that the browser drops it without asking the
 * server (and without asking again about every key that went meanwhile).
 */
#include "config.h"

#include "kh-key-metadata.h"

#include <string.h>

#include "kh-error.h"

typedef struct {
  GBytes     *key;
  const char *key_type;   /* interned */
  gint64      expires_at;
  gint64      size;
  gint64      fetched_at;
  GList       lru_link;   /* in self->lru; data points back here */
  GSequenceIter *expiry;  /* in self->expiries, or NULL */
} CacheEntry;

/* One key's expiry, in self->expiries. It outlives its cache entry when the
 * LRU drops that: the key still expires then. */
typedef struct {
  gint64  expires_at;
  GBytes *key;
} Expiry;

typedef struct {
  GBytes     *key;
  GPtrArray  *items;      /* KhKeyItem, waiting for this key */
  gboolean    in_flight;
  gboolean    with_size;
  guint       n_left;     /* replies still to come */
  const char *key_type;   /* interned TYPE answer */
  gint64      pttl;
  gint64      size;
  GError     *error;      /* TYPE or PTTL failed */
} Request;

typedef struct {
  KhKeyMetadata *self;    /* strong: a batch keeps its owner alive until answered */
  GPtrArray     *requests;
  guint          n_left;  /* replies still to come for the whole batch */
  guint64        generation;
} Batch;

typedef enum {
  FIELD_TYPE,
  FIELD_PTTL,
  FIELD_SIZE,
} Field;

typedef struct {
  Batch   *batch;
  Request *request;
  Field    field;
} Slot;

struct _KhKeyMetadata {
  GObject     parent_instance;

  KhSession  *session;
  gboolean    economy;
  gboolean    sizes_refused;

  GHashTable *cache;      /* GBytes (the entry's) -> CacheEntry */
  GQueue      lru;        /* most recently used first */

  GHashTable *wanted;     /* GBytes (the request's) -> Request, queued or in flight */
  GQueue      queue;      /* Request not sent yet, in request order */
  guint       idle_id;
  guint       n_batches_in_flight;
  guint       n_pending;
  guint64     generation; /* bumped by kh_key_metadata_clear() */

  guint64     commands_sent;
  guint       n_batches;

  GSequence  *expiries;   /* Expiry, soonest first */
  guint       expiry_source;
  gint64      expiry_due; /* when expiry_source fires */
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ECONOMY,
  PROP_N_PENDING,
  PROP_COMMANDS_SENT,
  N_PROPS
};

enum {
  SIGNAL_KEY_VANISHED,
  SIGNAL_KEYS_EXPIRED,
  SIGNAL_ITEM_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KhKeyMetadata, kh_key_metadata, G_TYPE_OBJECT)

static void kh_key_metadata_send_batches (KhKeyMetadata *self);
static void schedule_expiry (KhKeyMetadata *self);

/* Cache */

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_bytes_unref (entry->key);
  g_free (entry);
}

static CacheEntry *
cache_find (KhKeyMetadata *self,
            const char    *key,
            gsize          len)
{
  g_autoptr(GBytes) probe = g_bytes_new_static (key, len);

  return g_hash_table_lookup (self->cache, probe);
}

/* Expiries */

static void
expiry_free (gpointer data)
{
  Expiry *expiry = data;

  g_bytes_unref (expiry->key);
  g_free (expiry);
}

static int
compare_expiries (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Expiry *ea = a, *eb = b;

  return ea->expires_at < eb->expires_at ? -1 : ea->expires_at > eb->expires_at;
}

static void
entry_clear_expiry (CacheEntry *entry)
{
  if (entry->expiry != NULL)
    g_sequence_remove (g_steal_pointer (&entry->expiry));
}

/* Forgets a key: it changed (edit, TTL change), or it is gone */
static void
cache_remove (KhKeyMetadata *self,
              CacheEntry    *entry)
{
  entry_clear_expiry (entry);
  g_queue_unlink (&self->lru, &entry->lru_link);
  g_hash_table_remove (self->cache, entry->key);
}

/* A cached key whose TTL ran out is most likely gone: ask again. */
static gboolean
cache_entry_is_fresh (const CacheEntry *entry,
                      gint64            now)
{
  return entry->expires_at == 0 || entry->expires_at > now;
}

static CacheEntry *
cache_store (KhKeyMetadata *self,
             GBytes        *key,
             const char    *key_type,
             gint64         expires_at,
             gint64         size,
             gint64         now)
{
  CacheEntry *entry = g_hash_table_lookup (self->cache, key);

  if (entry == NULL)
    {
      entry = g_new0 (CacheEntry, 1);
      entry->key = g_bytes_ref (key);
      entry->lru_link.data = entry;
      g_hash_table_insert (self->cache, entry->key, entry);
    }
  else
    g_queue_unlink (&self->lru, &entry->lru_link);
  g_queue_push_head_link (&self->lru, &entry->lru_link);

  entry->key_type = key_type;
  entry->expires_at = expires_at;
  entry->size = size;
  entry->fetched_at = now;

  entry_clear_expiry (entry);
  if (expires_at > 0)
    {
      Expiry *expiry = g_new (Expiry, 1);

      expiry->expires_at = expires_at;
      expiry->key = g_bytes_ref (key);
      entry->expiry = g_sequence_insert_sorted (self->expiries, expiry, compare_expiries, NULL);
      schedule_expiry (self);
    }

  /* The least recently used go; their expiries stay */
  while (g_hash_table_size (self->cache) > KH_KEY_METADATA_CACHE_SIZE)
    {
      CacheEntry *old = g_queue_peek_tail (&self->lru);

      old->expiry = NULL;
      cache_remove (self, old);
    }

  return entry;
}

static gint64
remaining_ms (gint64 expires_at,
              gint64 now)
{
  if (expires_at == 0)
    return KH_KEY_TTL_PERSISTENT;
  if (expires_at <= now)
    return 0;
  /* Round up, so that a key with 0.4 ms left does not read as expired. */
  return (expires_at - now + 999) / 1000;
}

static void
apply_entry (const CacheEntry *entry,
             KhKeyItem        *item,
             gint64            now)
{
  g_object_freeze_notify (G_OBJECT (item));
  kh_key_item_set_key_type (item, entry->key_type);
  kh_key_item_set_ttl (item, remaining_ms (entry->expires_at, now));
  kh_key_item_set_size (item, entry->size);
  kh_key_item_set_metadata_state (item, KH_KEY_METADATA_LOADED);
  g_object_thaw_notify (G_OBJECT (item));
}

/* Keys expire this much after their countdown ends, at most */
#define EXPIRY_SLACK_MS 150

/* Reports the keys whose countdown ended, a batch at a time */
static gboolean
on_expiry (gpointer user_data)
{
  KhKeyMetadata *self = user_data;
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 now = g_get_monotonic_time ();
  GSequenceIter *iter;

  self->expiry_source = 0;
  self->expiry_due = 0;
  while (expired->len < KH_KEY_METADATA_EXPIRED_BATCH_SIZE &&
         !g_sequence_iter_is_end (iter = g_sequence_get_begin_iter (self->expiries)))
    {
      Expiry *expiry = g_sequence_get (iter);
      CacheEntry *entry;

      if (expiry->expires_at > now)
        break;
      entry = g_hash_table_lookup (self->cache, expiry->key);
      if (entry == NULL || entry->expiry == iter)
        {
          /* Asked again meanwhile, it would have a newer expiry */
          g_ptr_array_add (expired, g_bytes_ref (expiry->key));
          if (entry != NULL)
            cache_remove (self, entry);
          else
            g_sequence_remove (iter);
        }
      else
        g_sequence_remove (iter);
    }

  g_object_ref (self);
  if (expired->len > 0)
    g_signal_emit (self, signals[SIGNAL_KEYS_EXPIRED], 0, expired);
  schedule_expiry (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Wakes up when the soonest expiry comes, or at once for the rest of a batch */
static void
schedule_expiry (KhKeyMetadata *self)
{
  GSequenceIter *first = g_sequence_get_begin_iter (self->expiries);
  gint64 due, now;

  if (g_sequence_iter_is_end (first))
    {
      g_clear_handle_id (&self->expiry_source, g_source_remove);
      self->expiry_due = 0;
      return;
    }
  due = ((Expiry *) g_sequence_get (first))->expires_at;
  if (self->expiry_source != 0 && self->expiry_due <= due)
    return;

  g_clear_handle_id (&self->expiry_source, g_source_remove);
  now = g_get_monotonic_time ();
  self->expiry_due = due;
  /* A little late, so that keys set together (a pipeline, a job) expire
   * in one batch: the views change once */
  self->expiry_source = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE,
                                            due > now ? (guint) ((due - now + 999) / 1000) + EXPIRY_SLACK_MS : 0,
                                            on_expiry, self, NULL);
}

/* Requests */

static void
request_free (Request *request)
{
  g_bytes_unref (request->key);
  g_ptr_array_unref (request->items);
  g_clear_error (&request->error);
  g_free (request);
}

static void
set_n_pending (KhKeyMetadata *self,
               guint          n_pending)
{
  if (self->n_pending == n_pending)
    return;
  self->n_pending = n_pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

static gboolean
on_idle_flush (gpointer user_data)
{
  KhKeyMetadata *self = user_data;

  self->idle_id = 0;
  kh_key_metadata_send_batches (self);
  return G_SOURCE_REMOVE;
}

static void
enqueue (KhKeyMetadata *self,
         KhKeyItem     *item,
         GBytes        *key)
{
  Request *request = g_hash_table_lookup (self->wanted, key);

  if (request == NULL)
    {
      request = g_new0 (Request, 1);
      request->key = g_bytes_ref (key);
      request->items = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->wanted, request->key, request);
      g_queue_push_tail (&self->queue, request);
      set_n_pending (self, self->n_pending + 1);
    }

  if (!g_ptr_array_find (request->items, item, NULL))
    g_ptr_array_add (request->items, g_object_ref (item));
  kh_key_item_set_metadata_state (item, KH_KEY_METADATA_LOADING);

  if (self->idle_id == 0 && !request->in_flight)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_idle_flush, self, NULL);
}

void
kh_key_metadata_request (KhKeyMetadata *self,
                         KhKeyItem     *item)
{
  GBytes *key;
  CacheEntry *entry;
  gint64 now;
  gsize len;
  const char *data;

  g_return_if_fail (KH_IS_KEY_METADATA (self));
  g_return_if_fail (KH_IS_KEY_ITEM (item));

  if (kh_key_item_get_is_namespace (item))
    return;

  key = kh_key_item_get_key (item);
  data = g_bytes_get_data (key, &len);
  now = g_get_monotonic_time ();
  entry = cache_find (self, data != NULL ? data : "", len);
  if (entry != NULL && cache_entry_is_fresh (entry, now))
    {
      g_queue_unlink (&self->lru, &entry->lru_link);
      g_queue_push_head_link (&self->lru, &entry->lru_link);
      apply_entry (entry, item, now);
      return;
    }

  if (self->economy)
    return;

  enqueue (self, item, key);
}

void
kh_key_metadata_request_now (KhKeyMetadata *self,
                             KhKeyItem     *item)
{
  g_return_if_fail (KH_IS_KEY_METADATA (self));
  g_return_if_fail (KH_IS_KEY_ITEM (item));

  if (kh_key_item_get_is_namespace (item))
    return;

  enqueue (self, item, kh_key_item_get_key (item));
}

void
kh_key_metadata_cancel_pending (KhKeyMetadata *self)
{
  Request *request;
  guint n_dropped = 0;

  g_return_if_fail (KH_IS_KEY_METADATA (self));

  g_clear_handle_id (&self->idle_id, g_source_remove);
  while ((request = g_queue_pop_head (&self->queue)) != NULL)
    {
      g_hash_table_remove (self->wanted, request->key);
      for (guint i = 0; i < request->items->len; i++)
        {
          KhKeyItem *item = g_ptr_array_index (request->items, i);

          if (kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADING)
            kh_key_item_set_metadata_state (item, KH_KEY_METADATA_NONE);
        }
      request_free (request);
      n_dropped++;
    }
  set_n_pending (self, self->n_pending - n_dropped);
}

void
kh_key_metadata_flush (KhKeyMetadata *self)
{
  g_return_if_fail (KH_IS_KEY_METADATA (self));

  g_clear_handle_id (&self->idle_id, g_source_remove);
  kh_key_metadata_send_batches (self);
}

/* Answers */

static gboolean
is_connection_error (const GError *error)
{
  return error != NULL && !g_error_matches (error, KH_ERROR, KH_ERROR_SERVER);
}

static void
finish_request (KhKeyMetadata *self,
                Request       *request,
                gboolean       current)
{
  gint64 now = g_get_monotonic_time ();
  KhKeyMetadataState state;

  if (g_hash_table_lookup (self->wanted, request->key) == request)
    g_hash_table_remove (self->wanted, request->key);
  set_n_pending (self, self->n_pending - 1);

  if (!current)
    {
      /* Asked before a database switch: the answer is about another keyspace. */
      state = KH_KEY_METADATA_NONE;
    }
  else if (request->error != NULL)
    {
      state = KH_KEY_METADATA_FAILED;
    }
  else if (request->pttl == KH_KEY_TTL_MISSING || request->key_type == NULL ||
           g_str_equal (request->key_type, "none"))
    {
      CacheEntry *entry = g_hash_table_lookup (self->cache, request->key);

      if (entry != NULL)
        cache_remove (self, entry);
      for (guint i = 0; i < request->items->len; i++)
        {
          KhKeyItem *item = g_ptr_array_index (request->items, i);

          g_object_freeze_notify (G_OBJECT (item));
          kh_key_item_set_ttl (item, KH_KEY_TTL_MISSING);
          kh_key_item_set_metadata_state (item, KH_KEY_METADATA_MISSING);
          g_object_thaw_notify (G_OBJECT (item));
        }
      g_signal_emit (self, signals[SIGNAL_KEY_VANISHED], 0, request->key);
      /* A value view showing it must stop offering writes */
      kh_session_key_changed (self->session, request->key, KH_KEY_CHANGED_GONE);
      return;
    }
  else
    {
      gint64 expires_at = request->pttl >= 0 ? now + request->pttl * 1000 : 0;
      CacheEntry *entry;

      /* expires_at 0 means "no TTL"; a PTTL of 0 at time 0 cannot happen. */
      entry = cache_store (self, request->key, request->key_type, expires_at, request->size, now);
      for (guint i = 0; i < request->items->len; i++)
        apply_entry (entry, g_ptr_array_index (request->items, i), now);
      for (guint i = 0; i < request->items->len; i++)
        g_signal_emit (self, signals[SIGNAL_ITEM_LOADED], 0, g_ptr_array_index (request->items, i));
      return;
    }

  for (guint i = 0; i < request->items->len; i++)
    {
      KhKeyItem *item = g_ptr_array_index (request->items, i);

      if (kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADING)
        kh_key_item_set_metadata_state (item, state);
    }
}

static void
batch_free (Batch *batch)
{
  g_ptr_array_unref (batch->requests);
  g_object_unref (batch->self);
  g_free (batch);
}

static void
on_reply (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree Slot *slot = user_data;
  Batch *batch = slot->batch;
  Request *request = slot->request;
  KhKeyMetadata *self = batch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);

  switch (slot->field)
    {
    case FIELD_TYPE:
      if (reply != NULL && (reply->kind == KH_REPLY_STATUS || reply->kind == KH_REPLY_STRING))
        {
          g_autofree char *text = g_strndup (reply->str, reply->len);

          request->key_type = g_intern_string (text);
        }
      else if (request->error == NULL)
        request->error = error != NULL ? g_steal_pointer (&error)
                                       : g_error_new_literal (KH_ERROR, KH_ERROR_PROTOCOL,
                                                              "TYPE did not answer with a type name");
      break;

    case FIELD_PTTL:
      if (reply != NULL && reply->kind == KH_REPLY_INTEGER)
        request->pttl = MAX (reply->integer, KH_KEY_TTL_MISSING);
      else if (request->error == NULL)
        request->error = error != NULL ? g_steal_pointer (&error)
                                       : g_error_new_literal (KH_ERROR, KH_ERROR_PROTOCOL,
                                                              "PTTL did not answer with a number");
      break;

    case FIELD_SIZE:
      if (reply != NULL && reply->kind == KH_REPLY_INTEGER)
        request->size = reply->integer;
      else if (error != NULL && !is_connection_error (error))
        {
          /* Unknown command, or an ACL that forbids it: sizes are not worth
           * asking for again on this session. */
          self->sizes_refused = TRUE;
        }
      else if (error != NULL && request->error == NULL)
        request->error = g_steal_pointer (&error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (--request->n_left == 0)
    finish_request (self, request, batch->generation == self->generation);

  if (--batch->n_left == 0)
    {
      self->n_batches_in_flight--;
      kh_key_metadata_send_batches (self);
      batch_free (batch);
    }
}

static void
send_one (KhKeyMetadata *self,
          Batch         *batch,
          Request       *request,
          KhCommand     *command,
          Field          field)
{
  Slot *slot = g_new (Slot, 1);

  slot->batch = batch;
  slot->request = request;
  slot->field = field;
  request->n_left++;
  batch->n_left++;
  self->commands_sent++;
  kh_session_send_async (self->session, command, NULL, on_reply, slot);
}

static void
kh_key_metadata_send_batches (KhKeyMetadata *self)
{
  guint64 commands_before = self->commands_sent;
  gboolean with_size = !self->economy && kh_key_metadata_get_has_sizes (self);

  while (self->n_batches_in_flight < KH_KEY_METADATA_MAX_BATCHES_IN_FLIGHT &&
         !g_queue_is_empty (&self->queue))
    {
      Batch *batch = g_new0 (Batch, 1);

      batch->self = g_object_ref (self);
      batch->generation = self->generation;
      batch->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
      while (batch->requests->len < KH_KEY_METADATA_BATCH_SIZE && !g_queue_is_empty (&self->queue))
        {
          Request *request = g_queue_pop_head (&self->queue);

          request->in_flight = TRUE;
          request->with_size = with_size;
          request->pttl = KH_KEY_TTL_MISSING;
          request->size = -1;
          g_ptr_array_add (batch->requests, request);
        }

      self->n_batches_in_flight++;
      self->n_batches++;

      /* Hold one reply back so that a session failing synchronously cannot
       * finish the batch while it is still being filled. */
      batch->n_left++;
      for (guint i = 0; i < batch->requests->len; i++)
        {
          Request *request = g_ptr_array_index (batch->requests, i);
          KhCommand *command;

          command = kh_command_new ("TYPE");
          kh_command_add_bytes (command, request->key);
          send_one (self, batch, request, command, FIELD_TYPE);

          command = kh_command_new ("PTTL");
          kh_command_add_bytes (command, request->key);
          send_one (self, batch, request, command, FIELD_PTTL);

          if (request->with_size)
            {
              command = kh_command_new_va ("MEMORY", "USAGE", NULL);
              kh_command_add_bytes (command, request->key);
              kh_command_add (command, "SAMPLES");
              kh_command_add (command, "0");
              send_one (self, batch, request, command, FIELD_SIZE);
            }
        }
      if (--batch->n_left == 0)
        {
          /* Every reply already came (only possible if the session failed
           * them synchronously, which GTask does not do, but be safe). */
          self->n_batches_in_flight--;
          batch_free (batch);
        }
    }

  if (self->commands_sent != commands_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMANDS_SENT]);
}

/* Settings and queries */

gboolean
kh_key_metadata_get_economy (KhKeyMetadata *self)
{
  g_return_val_if_fail (KH_IS_KEY_METADATA (self), FALSE);

  return self->economy;
}

void
kh_key_metadata_set_economy (KhKeyMetadata *self,
                             gboolean       economy)
{
  g_return_if_fail (KH_IS_KEY_METADATA (self));

  economy = !!economy;
  if (self->economy == economy)
    return;

  self->economy = economy;
  if (economy)
    kh_key_metadata_cancel_pending (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ECONOMY]);
}

gboolean
kh_key_metadata_lookup (KhKeyMetadata     *self,
                        const char        *key,
                        gsize              len,
                        KhKeyMetadataInfo *info)
{
  CacheEntry *entry;

  g_return_val_if_fail (KH_IS_KEY_METADATA (self), FALSE);
  g_return_val_if_fail (key != NULL || len == 0, FALSE);

  entry = cache_find (self, key != NULL ? key : "", len);
  if (entry == NULL)
    return FALSE;

  if (info != NULL)
    {
      info->key_type = entry->key_type;
      info->expires_at = entry->expires_at;
      info->size = entry->size;
      info->fetched_at = entry->fetched_at;
    }
  return TRUE;
}

gint64
kh_key_metadata_get_remaining_ttl (KhKeyMetadata *self,
                                   const char    *key,
                                   gsize          len)
{
  CacheEntry *entry;

  g_return_val_if_fail (KH_IS_KEY_METADATA (self), KH_KEY_TTL_MISSING);
  g_return_val_if_fail (key != NULL || len == 0, KH_KEY_TTL_MISSING);

  entry = cache_find (self, key != NULL ? key : "", len);
  if (entry == NULL)
    return KH_KEY_TTL_MISSING;
  return remaining_ms (entry->expires_at, g_get_monotonic_time ());
}

void
kh_key_metadata_invalidate (KhKeyMetadata *self,
                            const char    *key,
                            gsize          len)
{
  CacheEntry *entry;

  g_return_if_fail (KH_IS_KEY_METADATA (self));
  g_return_if_fail (key != NULL || len == 0);

  entry = cache_find (self, key != NULL ? key : "", len);
  if (entry != NULL)
    cache_remove (self, entry);
}

void
kh_key_metadata_clear (KhKeyMetadata *self)
{
  g_return_if_fail (KH_IS_KEY_METADATA (self));

  kh_key_metadata_cancel_pending (self);
  /* What is still in flight is about the old keyspace: new requests for
   * the same keys must not join it. */
  g_hash_table_remove_all (self->wanted);
  self->generation++;
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->cache);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->expiries),
                           g_sequence_get_end_iter (self->expiries));
  schedule_expiry (self);
}

guint
kh_key_metadata_get_n_cached (KhKeyMetadata *self)
{
  g_return_val_if_fail (KH_IS_KEY_METADATA (self), 0);

  return g_hash_table_size (self->cache);
}

guint
kh_key_metadata_get_n_pending (KhKeyMetadata *self)
{
  g_return_val_if_fail (KH_IS_KEY_METADATA (self), 0);

  return self->n_pending;
}

guint64
kh_key_metadata_get_commands_sent (KhKeyMetadata *self)
{
  g_return_val_if_fail (KH_IS_KEY_METADATA (self), 0);

  return self->commands_sent;
}

guint
kh_key_metadata_get_n_batches (KhKeyMetadata *self)
{
  g_return_val_if_fail (KH_IS_KEY_METADATA (self), 0);

  return self->n_batches;
}

gboolean
kh_key_metadata_get_has_sizes (KhKeyMetadata *self)
{
  g_return_val_if_fail (KH_IS_KEY_METADATA (self), FALSE);

  return !self->sizes_refused && kh_session_has_command (self->session, "MEMORY");
}

KhSession *
kh_key_metadata_get_session (KhKeyMetadata *self)
{
  g_return_val_if_fail (KH_IS_KEY_METADATA (self), NULL);

  return self->session;
}

/* GObject */

KhKeyMetadata *
kh_key_metadata_new (KhSession *session)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_KEY_METADATA, "session", session, NULL);
}

static void
kh_key_metadata_dispose (GObject *object)
{
  KhKeyMetadata *self = KH_KEY_METADATA (object);

  /* In-flight batches hold a reference, so only the queue can be left. */
  kh_key_metadata_cancel_pending (self);
  g_clear_handle_id (&self->expiry_source, g_source_remove);

  G_OBJECT_CLASS (kh_key_metadata_parent_class)->dispose (object);
}

static void
kh_key_metadata_finalize (GObject *object)
{
  KhKeyMetadata *self = KH_KEY_METADATA (object);

  g_queue_init (&self->lru);
  g_hash_table_unref (self->cache);
  g_hash_table_unref (self->wanted);
  g_sequence_free (self->expiries);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kh_key_metadata_parent_class)->finalize (object);
}

static void
kh_key_metadata_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KhKeyMetadata *self = KH_KEY_METADATA (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ECONOMY:
      g_value_set_boolean (value, self->economy);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;
    case PROP_COMMANDS_SENT:
      g_value_set_uint64 (value, self->commands_sent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_metadata_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KhKeyMetadata *self = KH_KEY_METADATA (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_ECONOMY:
      kh_key_metadata_set_economy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_key_metadata_class_init (KhKeyMetadataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_key_metadata_dispose;
  object_class->finalize = kh_key_metadata_finalize;
  object_class->get_property = kh_key_metadata_get_property;
  object_class->set_property = kh_key_metadata_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ECONOMY] =
    g_param_spec_boolean ("economy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMANDS_SENT] =
    g_param_spec_uint64 ("commands-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KhKeyMetadata::key-vanished:
   * @key: the key's bytes
   *
   * The server said the key does not exist (it expired or was deleted).
   */
  signals[SIGNAL_KEY_VANISHED] =
    g_signal_new ("key-vanished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * KhKeyMetadata::keys-expired:
   * @keys: (element-type GBytes): the keys
   *
   * The TTLs of these keys ran out: the server no longer has them. Nothing
   * was asked; they are no longer cached.
   */
  /**
   * KhKeyMetadata::item-loaded:
   * @item: a KhKeyItem
   *
   * The server's answer about the item's key was applied to it (whether a
   * row shows it or not).
   */
  signals[SIGNAL_ITEM_LOADED] =
    g_signal_new ("item-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_KEY_ITEM);

  signals[SIGNAL_KEYS_EXPIRED] =
    g_signal_new ("keys-expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
kh_key_metadata_init (KhKeyMetadata *self)
{
  self->cache = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, NULL, cache_entry_free);
  self->wanted = g_hash_table_new (g_bytes_hash, g_bytes_equal);
  self->expiries = g_sequence_new (expiry_free);
  g_queue_init (&self->lru);
  g_queue_init (&self->queue);
}
