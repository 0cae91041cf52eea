/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-metadata.h: TYPE, TTL and MEMORY USAGE for the keys on screen,
 * fetched pipelined in batches and cached per key */
#pragma once

#include <gio/gio.h>

#include "kh-key-item.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_METADATA (kh_key_metadata_get_type ())
G_DECLARE_FINAL_TYPE (KhKeyMetadata, kh_key_metadata, KH, KEY_METADATA, GObject)

/* Keys per pipeline: each key costs TYPE + PTTL (+ MEMORY USAGE). */
#define KH_KEY_METADATA_BATCH_SIZE 200
/* Batches on the wire at once; the rest wait in the queue (and can be
 * dropped by kh_key_metadata_cancel_pending() on a scroll jump). */
#define KH_KEY_METADATA_MAX_BATCHES_IN_FLIGHT 2
/* Expired keys reported at most at once ("keys-expired"); the rest follow
 * in the next main loop iterations. */
#define KH_KEY_METADATA_EXPIRED_BATCH_SIZE 2000
/* Cached keys at most; the least recently used go first. */
#define KH_KEY_METADATA_CACHE_SIZE 50000

/* What is known about one key, from the cache. */
typedef struct {
  const char *key_type;    /* interned: "string", "hash", "ReJSON-RL"... */
  gint64      expires_at;  /* g_get_monotonic_time() in µs at which the key
                            * expires; 0 when it has no TTL */
  gint64      size;        /* MEMORY USAGE in bytes; -1 when unknown (economy
                            * mode, no MEMORY command, or refused) */
  gint64      fetched_at;  /* g_get_monotonic_time() of the answer */
} KhKeyMetadataInfo;

KhKeyMetadata *kh_key_metadata_new               (KhSession     *session);
KhSession     *kh_key_metadata_get_session       (KhKeyMetadata *self);

/* For a list item's bind. A cached key is applied to @item at once, with no
 * command sent. Otherwise (unless economy mode is on) @item goes to
 * KH_KEY_METADATA_LOADING and is queued; the queue is sent from an idle, so
 * every row bound during one frame goes out in the same pipeline. The item is
 * updated (type, ttl, size, metadata-state) when the answers arrive: LOADED,
 * MISSING (and "key-vanished" is emitted) or FAILED. Namespace rows are
 * ignored. */
void           kh_key_metadata_request           (KhKeyMetadata *self,
                                                  KhKeyItem     *item);
/* Like kh_key_metadata_request() but also in economy mode and ignoring the
 * cache: for "Load details" on a selected row. */
void           kh_key_metadata_request_now       (KhKeyMetadata *self,
                                                  KhKeyItem     *item);
/* Drops queued requests that were not sent yet (a scroll jump); their items go
 * back to KH_KEY_METADATA_NONE. Batches already sent complete and are cached. */
void           kh_key_metadata_cancel_pending    (KhKeyMetadata *self);
/* Sends the queue now instead of from the idle (tests, "Load details"). */
void           kh_key_metadata_flush             (KhKeyMetadata *self);

/* Economy mode: per-key metadata only on demand (kh_key_metadata_request_now),
 * and never MEMORY USAGE. For metered or rate-limited servers. */
gboolean       kh_key_metadata_get_economy       (KhKeyMetadata *self);
void           kh_key_metadata_set_economy       (KhKeyMetadata *self,
                                                  gboolean       economy);

/* FALSE when @key is not cached. Binary safe. */
gboolean       kh_key_metadata_lookup            (KhKeyMetadata     *self,
                                                  const char        *key,
                                                  gsize              len,
                                                  KhKeyMetadataInfo *info);
/* Milliseconds left for a live countdown, from the cached expiry time, without
 * asking the server: KH_KEY_TTL_PERSISTENT when the key has no TTL,
 * KH_KEY_TTL_MISSING when it is not cached, 0 once the time has passed. */
gint64         kh_key_metadata_get_remaining_ttl (KhKeyMetadata *self,
                                                  const char    *key,
                                                  gsize          len);
/* Forgets one key (after an edit, rename, delete or TTL change) or all keys
 * (after a database switch or reconnect). */
void           kh_key_metadata_invalidate        (KhKeyMetadata *self,
                                                  const char    *key,
                                                  gsize          len);
void           kh_key_metadata_clear             (KhKeyMetadata *self);

guint          kh_key_metadata_get_n_cached      (KhKeyMetadata *self);
/* Keys queued or in flight; notified as "n-pending". */
guint          kh_key_metadata_get_n_pending     (KhKeyMetadata *self);
/* Commands this object sent; notified as "commands-sent". */
guint64        kh_key_metadata_get_commands_sent (KhKeyMetadata *self);
/* Pipelines (batches) sent. */
guint          kh_key_metadata_get_n_batches     (KhKeyMetadata *self);
/* FALSE when the server has no MEMORY command or refused MEMORY USAGE. */
gboolean       kh_key_metadata_get_has_sizes     (KhKeyMetadata *self);

/* Signals:
 *   "item-loaded" (KhKeyMetadata *self, KhKeyItem *item): the server's answer
 *   was applied to @item (LOADED), whether a row shows it or not.
 *   "key-vanished" (KhKeyMetadata *self, GBytes *key): PTTL said -2 (or TYPE
 *   "none"): the key no longer exists and the browser may drop it.
 *   "keys-expired" (KhKeyMetadata *self, GPtrArray *keys): GBytes of keys whose
 *   known TTL ran out, soonest first, in batches of at most
 *   KH_KEY_METADATA_EXPIRED_BATCH_SIZE; nothing is asked of the server. */

G_END_DECLS
