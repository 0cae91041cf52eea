/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-ops-private.h: the task and reply helpers kh-key-ops.c shares with
 * kh-key-bulk-delete.c */
#pragma once

#include "kh-key-ops.h"

G_BEGIN_DECLS

gboolean  _kh_key_ops_return_if_read_only (GTask               *task,
                                           KhSession           *session,
                                           const char          *message);
GTask    *_kh_key_ops_new_task            (KhSession           *session,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data,
                                           gpointer             source_tag);
gboolean  _kh_key_ops_reply_integer       (KhReply             *reply,
                                           gint64              *value);
GError   *_kh_key_ops_unexpected_reply    (const char          *command);

G_END_DECLS
