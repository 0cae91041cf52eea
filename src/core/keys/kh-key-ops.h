/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-ops.h: operations on keys: delete, rename, TTL, exact lookup and
 * bulk delete by pattern or namespace
 *
 * Every operation is GTask style with the session as source object, and every
 * write fails with KH_ERROR_READ_ONLY on a read-only session before anything
 * is sent. Keys are bytes (GBytes), never assumed UTF-8.
 */
#pragma once

#include <gio/gio.h>

#include "kh-session.h"

G_BEGIN_DECLS

/* Keys per UNLINK/DEL in a bulk delete, and batches on the wire at once. */
#define KH_KEY_BULK_DELETE_BATCH 500
#define KH_KEY_BULK_DELETE_DEPTH 4
/* Names a preview keeps as a sample. */
#define KH_KEY_BULK_PREVIEW_SAMPLE 20

typedef enum {
  KH_KEY_RENAME_DEFAULT   = 0,       /* RENAMENX: fail with KH_ERROR_CONFLICT if the target exists */
  KH_KEY_RENAME_OVERWRITE = 1 << 0,  /* RENAME: replace the target */
} KhKeyRenameFlags;

/* What an exact-key lookup found. */
typedef struct {
  gboolean    exists;
  const char *key_type;  /* interned TYPE answer; NULL when the key does not exist */
  gint64      ttl_ms;    /* PTTL: KH_KEY_TTL_PERSISTENT (-1), KH_KEY_TTL_MISSING (-2) or ms */
} KhKeyLookup;

/* Where a bulk operation stands. */
typedef struct {
  guint64 n_seen;     /* matching keys SCAN returned so far (a key may repeat) */
  guint64 n_deleted;  /* keys the server said it removed */
  guint64 db_size;    /* DBSIZE when it started; 0 when unknown */
  double  fraction;   /* 0..1, an estimate of how much of the keyspace was scanned */
  gboolean done;
} KhKeyBulkProgress;

typedef void (*KhKeyBulkProgressFunc) (const KhKeyBulkProgress *progress,
                                       gpointer                 user_data);

/* UNLINK when the server has it, else DEL. @existed (may be NULL) says
 * whether the key was there to delete. */
void      kh_key_delete_async                 (KhSession           *session,
                                               GBytes              *key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  kh_key_delete_finish                (KhSession           *session,
                                               GAsyncResult        *result,
                                               gboolean            *existed,
                                               GError             **error);

/* RENAMENX, or RENAME with KH_KEY_RENAME_OVERWRITE. Fails with
 * KH_ERROR_CONFLICT when the target exists (target untouched) and
 * KH_ERROR_NOT_FOUND when @key is gone. Renaming to the same name succeeds
 * without sending anything. */
void      kh_key_rename_async                 (KhSession           *session,
                                               GBytes              *key,
                                               GBytes              *new_key,
                                               KhKeyRenameFlags     flags,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  kh_key_rename_finish                (KhSession           *session,
                                               GAsyncResult        *result,
                                               GError             **error);

/* PEXPIRE @ttl_ms (EXPIRE in whole seconds, rounded up, when PEXPIRE is
 * missing). @ttl_ms must be > 0. KH_ERROR_NOT_FOUND when the key is gone. */
void      kh_key_set_ttl_async                (KhSession           *session,
                                               GBytes              *key,
                                               gint64               ttl_ms,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  kh_key_set_ttl_finish               (KhSession           *session,
                                               GAsyncResult        *result,
                                               GError             **error);

/* PERSIST. Succeeds for a key that had no TTL; KH_ERROR_NOT_FOUND when the
 * key is gone. */
void      kh_key_clear_ttl_async              (KhSession           *session,
                                               GBytes              *key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  kh_key_clear_ttl_finish             (KhSession           *session,
                                               GAsyncResult        *result,
                                               GError             **error);

/* EXISTS + TYPE + PTTL, pipelined; no SCAN. Allowed on read-only sessions.
 * A missing key is not an error: @lookup->exists is FALSE. */
void      kh_key_lookup_async                 (KhSession           *session,
                                               GBytes              *key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean  kh_key_lookup_finish                (KhSession           *session,
                                               GAsyncResult        *result,
                                               KhKeyLookup         *lookup,
                                               GError             **error);

/* Counts the keys matching @pattern (a Redis glob, bytes) with SCAN MATCH,
 * never KEYS, and keeps the first KH_KEY_BULK_PREVIEW_SAMPLE names. Refused on
 * read-only sessions, as it only serves a bulk delete. @progress is called
 * on the main context as batches arrive. */
void      kh_key_bulk_delete_preview_async    (KhSession             *session,
                                               GBytes                *pattern,
                                               KhKeyBulkProgressFunc  progress,
                                               gpointer               progress_data,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
/* @sample: (out) (optional) (transfer container): GBytes names */
gboolean  kh_key_bulk_delete_preview_finish   (KhSession             *session,
                                               GAsyncResult          *result,
                                               guint64               *n_matched,
                                               GPtrArray            **sample,
                                               GError               **error);

/* Deletes every key matching @pattern: SCAN MATCH with an adaptive COUNT,
 * UNLINK (or DEL) in batches of KH_KEY_BULK_DELETE_BATCH keys, up to
 * KH_KEY_BULK_DELETE_DEPTH batches in flight. On cancellation it stops
 * scanning, waits for the batches already sent, and fails with
 * G_IO_ERROR_CANCELLED "Deleted N keys before you stopped"; @n_deleted is set
 * in every case, errors included. */
void      kh_key_bulk_delete_async            (KhSession             *session,
                                               GBytes                *pattern,
                                               KhKeyBulkProgressFunc  progress,
                                               gpointer               progress_data,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
gboolean  kh_key_bulk_delete_finish           (KhSession             *session,
                                               GAsyncResult          *result,
                                               guint64               *n_deleted,
                                               GError               **error);

/* Backslash-escapes the glob characters * ? [ ] \ in @str (bytes), so that
 * the result matches exactly @str. Returns a NUL-terminated copy, its length
 * in @out_len (may be NULL). */
char     *kh_key_ops_escape_glob              (const char            *str,
                                               gsize                  len,
                                               gsize                 *out_len);
/* The pattern for every key under a namespace: the escaped @prefix (with its
 * delimiter, as in a namespace KhKeyItem's key) followed by "*". */
GBytes   *kh_key_ops_namespace_pattern        (GBytes                *prefix);

G_END_DECLS
