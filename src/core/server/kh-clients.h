/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-clients.h: the clients connected to a server (CLIENT LIST, ID and KILL),
 * through a session */
#pragma once

#include <gio/gio.h>

#include "kh-client-info.h"
#include "kh-session.h"

G_BEGIN_DECLS

/* CLIENT LIST.
 * Returns: (transfer full) (element-type KhClientInfo): in server order, or
 * NULL with @error set. */
void       kh_clients_list_async       (KhSession            *session,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GPtrArray *kh_clients_list_finish      (KhSession            *session,
                                        GAsyncResult         *result,
                                        GError              **error);

/* CLIENT ID: the id of the session's own connection, as CLIENT LIST shows
 * it. Sent now, it is answered before a CLIENT LIST sent after it.
 * Returns: the id, or 0 with @error set (KH_ERROR_SERVER before Redis 5,
 * KH_ERROR_PROTOCOL when the answer is not a positive integer). */
void       kh_clients_get_own_id_async  (KhSession           *session,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
guint64    kh_clients_get_own_id_finish (KhSession           *session,
                                         GAsyncResult        *result,
                                         GError             **error);

/* CLIENT KILL ID @id, which never closes the session's own connection (the
 * server skips the caller). Fails at once with KH_ERROR_READ_ONLY on a
 * read-only session. On success @n_killed (may be NULL) says how many
 * connections were closed: 0 when that client had already gone. */
void       kh_clients_kill_async       (KhSession            *session,
                                        guint64               id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean   kh_clients_kill_finish      (KhSession            *session,
                                        GAsyncResult         *result,
                                        guint                *n_killed,
                                        GError              **error);

G_END_DECLS
