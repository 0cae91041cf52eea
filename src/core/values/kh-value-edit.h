/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-edit.h: edits that never silently overwrite a concurrent change,
 * and new keys that never silently replace an existing one
 *
 * How: compare-and-set in small Lua scripts (EVAL), one per operation. A
 * script checks the key's type and what the user saw, and writes only when
 * they match, atomically: nothing else runs on the server in between, and a
 * script that refuses has written nothing, so a failed edit leaves the key as
 * it was. WATCH/MULTI/EXEC is not used: it needs the connection to itself
 * from WATCH to EXEC, and the session's one connection is shared by every
 * view; a script is one command, so it pipelines with everything else.
 * Strings are compared by their bytes, or by SHA-1 (redis.sha1hex) past
 * KH_VALUE_EDIT_DIGEST_THRESHOLD bytes so large values are not sent back.
 *
 * Every edit is refused with KH_ERROR_READ_ONLY on a read-only session before
 * anything is sent, and with KH_ERROR_NOT_SUPPORTED when the server has no
 * EVAL (increments and new strings excepted). A key that no longer exists fails with
 * KH_ERROR_NOT_FOUND (an edit never recreates a deleted or expired key). A
 * change someone else made fails with KH_ERROR_CONFLICT, and
 * kh_value_edit_finish() then gives a KhValueConflict with both versions.
 * To "overwrite anyway", call the edit again with the conflict's
 * server_value as the expected value (still safe against a third writer;
 * when server_value_truncated, load the whole value first); to "take
 * theirs", reload.
 *
 * Once sent, an edit is not reported as cancelled: the server carries it out
 * whatever we do, so the caller learns what really happened. All functions
 * are GTask style with the session as source object and finish with
 * kh_value_edit_finish().
 */
#pragma once

#include <gio/gio.h>

#include "kh-session.h"
#include "kh-value-header.h"

G_BEGIN_DECLS

/* Strings longer than this are compared by SHA-1. */
#define KH_VALUE_EDIT_DIGEST_THRESHOLD (64 * 1024)

typedef enum {
  KH_VALUE_CONFLICT_CHANGED,     /* it holds another value now */
  KH_VALUE_CONFLICT_GONE,        /* the field, element, member or entry is no longer there */
  KH_VALUE_CONFLICT_EXISTS,      /* an add or a new key: it is already there */
  KH_VALUE_CONFLICT_WRONG_TYPE,  /* the key now holds another type (server_type) */
} KhValueConflictKind;

typedef struct {
  KhValueConflictKind kind;
  GBytes      *key;
  /* Which item: the hash field, set or sorted set member, or stream id; NULL
   * for strings and lists. */
  GBytes      *item;
  gint64       index;            /* the list index; -1 otherwise */
  GBytes      *user_value;       /* what the user saw: a value, an element,
                                  * a score as text; NULL for adds */
  GBytes      *attempted_value;  /* what the user tried to write; NULL for removals */
  GBytes      *server_value;     /* what the server holds now (a score as
                                  * text); NULL when gone or of another type */
  gboolean     server_value_truncated;  /* only the first KH_VALUE_STRING_THRESHOLD bytes */
  gint64       server_length;    /* server_value's full length; -1 when none */
  const char  *server_type;      /* interned TYPE answer now ("none" when gone) */
} KhValueConflict;

#define KH_TYPE_VALUE_CONFLICT (kh_value_conflict_get_type ())
GType            kh_value_conflict_get_type (void) G_GNUC_CONST;
KhValueConflict *kh_value_conflict_copy     (const KhValueConflict *conflict);
void             kh_value_conflict_free     (KhValueConflict       *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhValueConflict, kh_value_conflict_free)

/* Finishes every edit in this file.
 * @out_value: (out) (optional) (transfer full): the new number for
 *   increments, the new entry id for kh_value_stream_add_async(), the new
 *   length for pushes; NULL otherwise.
 * @conflict: (out) (optional) (transfer full): set when failing with
 *   KH_ERROR_CONFLICT because of a concurrent change. */
gboolean  kh_value_edit_finish               (KhSession            *session,
                                              GAsyncResult         *result,
                                              GBytes              **out_value,
                                              KhValueConflict     **conflict,
                                              GError              **error);

/* Strings */

/* SET @value if the string is still @expected (the whole value the user
 * loaded: a truncated load cannot be saved). Keeps the TTL. */
void      kh_value_string_set_async          (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *expected,
                                              GBytes              *value,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* INCRBY: atomic, no conflict check. A missing key fails with
 * KH_ERROR_NOT_FOUND instead of being created as 0 + @delta (except on a
 * server without EVAL, where INCRBY is sent as it is).
 * KH_ERROR_INVALID_INPUT when the value is not an integer. */
void      kh_value_string_increment_async    (KhSession           *session,
                                              GBytes              *key,
                                              gint64               delta,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* INCRBYFLOAT; @delta must be finite. */
void      kh_value_string_increment_float_async (KhSession           *session,
                                                 GBytes              *key,
                                                 double               delta,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* Hashes */

/* HSET @field @value if the field still holds @expected. */
void      kh_value_hash_set_field_async      (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *field,
                                              GBytes              *expected,
                                              GBytes              *value,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* HSETNX: conflict EXISTS (with the field's value) when it is already there. */
void      kh_value_hash_add_field_async      (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *field,
                                              GBytes              *value,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* HDEL @field if it still holds @expected. */
void      kh_value_hash_delete_field_async   (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *field,
                                              GBytes              *expected,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* Lists */

typedef enum {
  KH_VALUE_LIST_HEAD,
  KH_VALUE_LIST_TAIL,
} KhValueListEnd;

/* LSET @index @value if the element there is still @expected. */
void      kh_value_list_set_async            (KhSession           *session,
                                              GBytes              *key,
                                              gint64               index,
                                              GBytes              *expected,
                                              GBytes              *value,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* LPUSH or RPUSH; out_value is the new length. */
void      kh_value_list_push_async           (KhSession           *session,
                                              GBytes              *key,
                                              KhValueListEnd       end,
                                              GBytes              *value,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Removes one element equal to @value: the one at @index if it still holds
 * @value (other equal elements stay), or with @index < 0 the first one from
 * the head (LREM 1). Conflict GONE / CHANGED otherwise. */
void      kh_value_list_remove_async         (KhSession           *session,
                                              GBytes              *key,
                                              gint64               index,
                                              GBytes              *value,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* Sets */

/* SADD; conflict EXISTS when the member is already there. */
void      kh_value_set_add_async             (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *member,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* SREM; conflict GONE when the member was already removed. */
void      kh_value_set_remove_async          (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *member,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* Sorted sets; scores must not be NaN */

/* ZADD NX; conflict EXISTS (with the member's score) when it is there. */
void      kh_value_zset_add_async            (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *member,
                                              double               score,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* ZADD XX CH @score if the member's score is still @expected_score. */
void      kh_value_zset_set_score_async      (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *member,
                                              double               expected_score,
                                              double               score,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* ZREM; conflict GONE when the member was already removed. */
void      kh_value_zset_remove_async         (KhSession           *session,
                                              GBytes              *key,
                                              GBytes              *member,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* Streams */

/* XADD @key @id field value...; @fields holds GBytes, field then value, at
 * least one pair. @id NULL means "*" (the server picks); out_value is the new
 * entry's id. */
void      kh_value_stream_add_async          (KhSession           *session,
                                              GBytes              *key,
                                              const char          *id,
                                              GPtrArray           *fields,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* XDEL; conflict GONE when the entry was already deleted. */
void      kh_value_stream_delete_async       (KhSession           *session,
                                              GBytes              *key,
                                              const char          *id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

/* New keys */

typedef enum {
  KH_VALUE_CREATE_DEFAULT   = 0,      /* fail with KH_ERROR_CONFLICT (kind EXISTS) when the key exists */
  KH_VALUE_CREATE_OVERWRITE = 1 << 0, /* replace whatever the key holds */
} KhValueCreateFlags;

/* A new key's first content; which members count depends on the type. */
typedef struct {
  GBytes    *value;    /* string: the value; hash: the field's value; list:
                        * the element; set, zset: the member */
  GBytes    *field;    /* hash: the field */
  double     score;    /* zset */
  const char *stream_id;     /* stream: NULL for "*" */
  GPtrArray *stream_fields;  /* stream: GBytes field, value, ... */
} KhValueContent;

/* Creates @key of @type (STRING, HASH, LIST, SET, ZSET or STREAM) with
 * @content and, when @ttl_ms > 0, a TTL. Strings use SET NX PX; collections
 * a script that checks EXISTS and writes in one step. out_value is the new
 * entry's id for streams. */
void      kh_value_create_async              (KhSession            *session,
                                              KhValueType           type,
                                              GBytes               *key,
                                              const KhValueContent *content,
                                              gint64                ttl_ms,
                                              KhValueCreateFlags    flags,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);

/* Creates @key again as a view last showed it, after it was deleted or
 * expired, without a TTL. @items (GBytes) by @type: STRING and JSON the
 * value; HASH field, value, ...; LIST the elements from the head; SET the
 * members; ZSET score, member, ...; STREAM per entry, in id order, the id,
 * the number of fields and values, then those. Never replaces a key that
 * appeared meanwhile: the check and the writes are one script (conflict
 * EXISTS, with server_type). */
void      kh_value_recreate_async            (KhSession            *session,
                                              KhValueType           type,
                                              GBytes               *key,
                                              GPtrArray            *items,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);

G_END_DECLS
