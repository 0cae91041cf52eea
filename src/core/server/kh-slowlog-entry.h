/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-slowlog-entry.h: one entry of SLOWLOG GET */
#pragma once

#include <glib-object.h>

#include "kh-reply.h"

G_BEGIN_DECLS

#define KH_TYPE_SLOWLOG_ENTRY (kh_slowlog_entry_get_type ())

G_DECLARE_FINAL_TYPE (KhSlowlogEntry, kh_slowlog_entry, KH, SLOWLOG_ENTRY, GObject)

/* Reads a SLOWLOG GET reply: an array of entries [id, unix time, duration
 * µs, [args…]] followed, since Redis 4, by the client's address and name.
 * Fails with KH_ERROR_PROTOCOL when the reply has another shape.
 * Returns: (transfer full) (element-type KhSlowlogEntry): newest first, as
 * the server sends them. */
GPtrArray   *kh_slowlog_entry_parse_reply     (const KhReply  *reply,
                                               GError        **error);

guint64      kh_slowlog_entry_get_id          (KhSlowlogEntry *self);
/* Seconds since the Unix epoch. */
gint64       kh_slowlog_entry_get_timestamp   (KhSlowlogEntry *self);
guint64      kh_slowlog_entry_get_duration    (KhSlowlogEntry *self);  /* µs */
guint        kh_slowlog_entry_get_n_args      (KhSlowlogEntry *self);
GBytes      *kh_slowlog_entry_get_arg         (KhSlowlogEntry *self,
                                               guint           index);
/* The command line, one line of UTF-8: arguments that are not plain
 * printable ASCII are double-quoted with \n, \", \\ and \xff escapes. */
const char  *kh_slowlog_entry_get_command     (KhSlowlogEntry *self);
/* "127.0.0.1:5555"; "" before Redis 4. */
const char  *kh_slowlog_entry_get_client_addr (KhSlowlogEntry *self);
const char  *kh_slowlog_entry_get_client_name (KhSlowlogEntry *self);

/* @data written the way get_command writes one argument. */
char        *kh_slowlog_entry_escape_arg      (const char     *data,
                                               gsize           length);

G_END_DECLS
