/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-load.h: collections read a page at a time: hashes and sets by
 * cursor (HSCAN, SSCAN), lists and sorted sets by index or rank (LRANGE,
 * ZRANGE), sorted sets by score, streams newest first (XREVRANGE); and what a
 * stream knows about its consumer groups
 *
 * Nothing here loads a whole collection: each call asks for one page of about
 * @count items (0 means KH_VALUE_PAGE_SIZE), however large the collection.
 * GTask style with the session as source object; allowed on read-only
 * sessions. A key that changed type meanwhile fails with KH_ERROR_CONFLICT;
 * a key that does not exist gives an empty, complete page.
 */
#pragma once

#include <gio/gio.h>

#include "kh-session.h"
#include "kh-value-header.h"

G_BEGIN_DECLS

#define KH_VALUE_PAGE_SIZE 200
/* The largest @count a page may ask for. */
#define KH_VALUE_PAGE_MAX  10000

typedef struct {
  GBytes *field;
  GBytes *value;
} KhValueHashEntry;

typedef struct {
  gint64  index;     /* from the head, 0-based */
  GBytes *value;
} KhValueListEntry;

typedef struct {
  GBytes *member;
  double  score;
  char   *score_text;  /* the score as the server wrote it ("1.5", "inf") */
  gint64  rank;        /* 0-based, in the page's order (reversed pages count from
                        * the highest score); -1 in pages by score */
} KhValueZsetEntry;

typedef struct {
  char      *id;       /* "1700000000000-0" */
  GPtrArray *fields;   /* GBytes: field, value, field, value... */
} KhValueStreamEntry;

typedef struct _KhValuePage KhValuePage;

struct _KhValuePage {
  KhValueType  type;
  /* KhValueHashEntry, GBytes (set members), KhValueListEntry,
   * KhValueZsetEntry or KhValueStreamEntry, by @type. */
  GPtrArray   *items;
  /* Nothing comes after this page. */
  gboolean     complete;
  /* Where the next page starts; meaningful while !complete:
   * - hash, set: the SCAN cursor to pass on ("0" once complete);
   * - list, zset by rank: the start index or rank;
   *   zset by score: the offset within the score range;
   * - stream: the last id of this page (pass it as @before_id). */
  char        *next_cursor;
  gint64       next_start;
  char        *next_id;
  /*< private >*/
  gint         ref_count;
};

#define KH_TYPE_VALUE_PAGE (kh_value_page_get_type ())
GType        kh_value_page_get_type (void) G_GNUC_CONST;
KhValuePage *kh_value_page_ref      (KhValuePage *page);
void         kh_value_page_unref    (KhValuePage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhValuePage, kh_value_page_unref)

/* The finish function of every loader below that gives a page. */
KhValuePage *kh_value_page_load_finish       (KhSession           *session,
                                              GAsyncResult        *result,
                                              GError             **error);

/* HSCAN @key @cursor COUNT @count [MATCH @match]. @cursor NULL or "0" starts
 * from the beginning. A SCAN may return an item twice across pages while the
 * server rehashes, fewer or more items than @count (a small hash comes whole),
 * and, with @match, empty pages that are not complete. */
void         kh_value_hash_scan_async        (KhSession           *session,
                                              GBytes              *key,
                                              const char          *cursor,
                                              guint                count,
                                              GBytes              *match,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* HGET: one field's value. KH_ERROR_NOT_FOUND when the field is not there. */
void         kh_value_hash_get_field_async   (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *field,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes      *kh_value_hash_get_field_finish  (KhSession           *session,
                                              GAsyncResult        *result,
                                              GError             **error);

/* SSCAN, as kh_value_hash_scan_async(); items are GBytes members. */
void         kh_value_set_scan_async         (KhSession           *session,
                                              GBytes              *key,
                                              const char          *cursor,
                                              guint                count,
                                              GBytes              *match,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* LRANGE @key @start @start+@count-1, with each element's index. A list that
 * changes between pages shifts: an element may be seen twice or not at all. */
void         kh_value_list_range_async       (KhSession           *session,
                                              GBytes              *key,
                                              gint64               start,
                                              guint                count,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* ZRANGE @key @start @stop WITHSCORES by rank, lowest score first, or
 * highest first with @reverse. */
void         kh_value_zset_range_async       (KhSession           *session,
                                              GBytes              *key,
                                              gint64               start,
                                              guint                count,
                                              gboolean             reverse,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* Members with @min <= score <= @max, @count at a time from @offset within
 * that range: ZRANGE BYSCORE LIMIT (Redis 6.2+), else ZRANGEBYSCORE.
 * @min and @max use the server's syntax: "1.5", "(1.5" (exclusive), "-inf",
 * "+inf". With @reverse the highest scores come first (still min, then max). */
void         kh_value_zset_range_by_score_async (KhSession           *session,
                                                 GBytes              *key,
                                                 const char          *min,
                                                 const char          *max,
                                                 gint64               offset,
                                                 guint                count,
                                                 gboolean             reverse,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* XREVRANGE @key <before> - COUNT @count: the newest entries first. @before_id
 * NULL starts at the newest entry; otherwise the page holds the entries older
 * than @before_id (the previous page's next_id). */
void         kh_value_stream_range_async     (KhSession           *session,
                                              GBytes              *key,
                                              const char          *before_id,
                                              guint                count,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* Streams: what XINFO STREAM and XINFO GROUPS say */

typedef struct {
  GBytes *name;
  gint64  consumers;
  gint64  pending;            /* entries delivered and not acknowledged */
  char   *last_delivered_id;
  gint64  entries_read;       /* Redis 7.0+; -1 when unknown */
  gint64  lag;                /* Redis 7.0+; -1 when unknown */
} KhValueStreamGroup;

typedef struct {
  gint64     length;
  gint64     radix_tree_keys;
  gint64     radix_tree_nodes;
  char      *last_generated_id;
  char      *max_deleted_entry_id;  /* Redis 7.0+; NULL when unknown */
  gint64     entries_added;         /* Redis 7.0+; -1 when unknown */
  char      *first_entry_id;        /* NULL when the stream is empty */
  char      *last_entry_id;
  GPtrArray *groups;                /* KhValueStreamGroup */
} KhValueStreamInfo;

void               kh_value_stream_info_free (KhValueStreamInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhValueStreamInfo, kh_value_stream_info_free)

/* XINFO STREAM + XINFO GROUPS, pipelined. KH_ERROR_NOT_FOUND when the key
 * is gone. */
void               kh_value_stream_info_async  (KhSession           *session,
                                                GBytes              *key,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
KhValueStreamInfo *kh_value_stream_info_finish (KhSession           *session,
                                                GAsyncResult        *result,
                                                GError             **error);

typedef struct {
  GBytes *name;
  gint64  pending;
} KhValueStreamConsumer;

typedef struct {
  gint64     count;       /* pending entries in the group */
  char      *min_id;      /* NULL when nothing is pending */
  char      *max_id;
  GPtrArray *consumers;   /* KhValueStreamConsumer with pending entries */
} KhValueStreamPending;

void                  kh_value_stream_pending_free (KhValueStreamPending *pending);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhValueStreamPending, kh_value_stream_pending_free)

/* XPENDING @key @group: the summary form. KH_ERROR_NOT_FOUND when the key or
 * the group is gone. */
void                  kh_value_stream_pending_async  (KhSession           *session,
                                                      GBytes              *key,
                                                      GBytes              *group,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
KhValueStreamPending *kh_value_stream_pending_finish (KhSession           *session,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
