/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-string.h: loading string values without surprises: the first
 * megabyte by default, the whole value on request, or streamed to a file
 *
 * GTask style with the session as source object; allowed on read-only
 * sessions. Values are bytes (GBytes), never assumed UTF-8.
 */
#pragma once

#include <gio/gio.h>

#include "kh-session.h"

G_BEGIN_DECLS

/* Bytes kh_value_string_load_async() loads at most unless told otherwise. */
#define KH_VALUE_STRING_THRESHOLD (1024 * 1024)
/* GETRANGE size when saving to a file. */
#define KH_VALUE_STRING_CHUNK     (1024 * 1024)

/* Called on the main context as bytes arrive: @done of @total bytes. */
typedef void (*KhValueProgressFunc) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

/* EXISTS + STRLEN + GETRANGE 0 @threshold-1, pipelined: the whole value when
 * it is at most @threshold bytes (0 means KH_VALUE_STRING_THRESHOLD), else
 * its first @threshold bytes with *@truncated set. Fails with
 * KH_ERROR_NOT_FOUND when the key is gone and KH_ERROR_CONFLICT when it is
 * no longer a string. */
void      kh_value_string_load_async            (KhSession           *session,
                                                 GBytes              *key,
                                                 gsize                threshold,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* @truncated, @total_length: (out) (optional): whether only a prefix was
 * loaded, and the value's full length in bytes. */
GBytes   *kh_value_string_load_finish           (KhSession           *session,
                                                 GAsyncResult        *result,
                                                 gboolean            *truncated,
                                                 gint64              *total_length,
                                                 GError             **error);

/* GET: the whole value, whatever its size, with a generous timeout. For an
 * explicit "Load everything". */
void      kh_value_string_load_all_async        (KhSession           *session,
                                                 GBytes              *key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* The same; @progress (may be NULL) is called as a value too large for one
 * GET comes in chunks, while the caller's @progress_data is alive. */
void      kh_value_string_load_all_with_progress_async (KhSession           *session,
                                                        GBytes              *key,
                                                        KhValueProgressFunc  progress,
                                                        gpointer             progress_data,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GBytes   *kh_value_string_load_all_finish       (KhSession           *session,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Streams the value into @file with GETRANGE chunks of KH_VALUE_STRING_CHUNK
 * bytes (two on the wire while one is written), never holding the whole
 * value in memory. @progress (may be NULL) is called after each chunk is
 * written. An existing @file is replaced only once every byte is written; on
 * failure or cancellation a file this created is removed and an existing one
 * is left as it was. If the value shrinks while saving the save fails with
 * KH_ERROR_CONFLICT (a change that keeps the length cannot be noticed). */
void      kh_value_string_save_to_file_async    (KhSession            *session,
                                                 GBytes               *key,
                                                 GFile                *file,
                                                 KhValueProgressFunc   progress,
                                                 gpointer              progress_data,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* @n_written: (out) (optional): bytes written. */
gboolean  kh_value_string_save_to_file_finish   (KhSession            *session,
                                                 GAsyncResult         *result,
                                                 guint64              *n_written,
                                                 GError              **error);

/* JSON.GET @key: the document as compact JSON text. KH_ERROR_NOT_SUPPORTED
 * when the server has no JSON module, KH_ERROR_NOT_FOUND when the key is gone. */
void      kh_value_json_load_async              (KhSession           *session,
                                                 GBytes              *key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GBytes   *kh_value_json_load_finish             (KhSession           *session,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
