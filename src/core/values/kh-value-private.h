/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-private.h: helpers shared by the value loaders and editors */
#pragma once

#include <gio/gio.h>

#include "kh-session.h"

G_BEGIN_DECLS

/* A key as a user reads it in a sentence: escaped and shortened. */
char      *kh_value_display_key     (GBytes     *key);

/* Prefixes @cause's message (transfer full) with @prefix, a sentence such
 * as "Could not load “k”". A WRONGTYPE reply becomes KH_ERROR_CONFLICT
 * saying that the key now holds another type; cancellation is left alone. */
GError    *kh_value_wrap_error      (GError     *cause,
                                     const char *prefix);

GError    *kh_value_unexpected_reply (const char *command);

/* A command with its name, then @key. */
KhCommand *kh_value_key_command     (const char *name,
                                     GBytes     *key);

/* Called once every reply of a batch is in; replies[i] or errors[i] is set. */
typedef void (*KhValueBatchDone) (GTask     *task,
                                  KhReply  **replies,
                                  GError   **errors,
                                  guint      n);

/* Sends @commands (transfer full, KhCommand) pipelined on the task's source
 * session, with @cancellable (NULL for writes: once sent they run), and
 * calls @done with the task. The batch holds a reference on @task. */
void       kh_value_batch_send      (GTask            *task,
                                     GPtrArray        *commands,
                                     GCancellable     *cancellable,
                                     KhValueBatchDone  done);

/* Whether the server version is at least @major.@minor. Valkey counts as its
 * own version, which is newer than every Redis it is compatible with. */
gboolean   kh_value_server_at_least (KhSession  *session,
                                     guint       major,
                                     guint       minor);

G_END_DECLS
