/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-load-private.h: the task helpers kh-value-load.c shares with
 * kh-value-stream-info.c */
#pragma once

#include "kh-value-load.h"

G_BEGIN_DECLS

typedef struct {
  GBytes      *key;
  KhValueType  type;
  gint64       start;     /* list, zset: the index of the first item asked for */
  guint        count;
  gboolean     reverse;
  gboolean     by_score;
  const char  *command;   /* for messages */
} LoadData;

GTask    *_kh_value_load_new_task         (KhSession           *session,
                                          GBytes              *key,
                                          KhValueType          type,
                                          const char          *command,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data,
                                          gpointer             source_tag);
/* Returns @cause (transfer full) as "Could not load “key”: …" */
void      _kh_value_load_return_error     (GTask               *task,
                                          GError              *cause);
void      _kh_value_load_return_not_found (GTask               *task);
gboolean  _kh_value_load_reply_is_text    (const KhReply       *reply);

G_END_DECLS
