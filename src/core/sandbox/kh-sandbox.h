/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-sandbox.h: a private valkey-server or redis-server on a Unix socket,
 * filled with realistic demo data */
#pragma once

#include <gio/gio.h>

#include "kh-connection.h"

G_BEGIN_DECLS

#define KH_TYPE_SANDBOX (kh_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (KhSandbox, kh_sandbox, KH, SANDBOX, GObject)

KhSandbox          *kh_sandbox_new                   (void);

/* Starts the server (valkey-server, else redis-server, or the program named by
 * $KEYHOLE_SANDBOX_SERVER) in a new 0700 directory under
 * g_get_user_runtime_dir()/keyhole/, listening only on a Unix socket and
 * saving nothing; waits until it answers, then fills it with demo data.
 * Fails with KH_ERROR_NOT_SUPPORTED when no server program is installed. */
void                kh_sandbox_start_async           (KhSandbox           *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            kh_sandbox_start_finish          (KhSandbox           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Removes, in a worker thread, the sandbox directories left by Keyhole
 * processes that no longer exist (killed, or crashed); starting a sandbox
 * does this too. */
void                kh_sandbox_remove_stale_async    (GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            kh_sandbox_remove_stale_finish   (GAsyncResult        *result,
                                                      GError             **error);

/* Kills the server and removes its directory. A running start fails with
 * G_IO_ERROR_CANCELLED. Also done on dispose. */
void                kh_sandbox_stop                  (KhSandbox *self);

gboolean            kh_sandbox_is_running            (KhSandbox *self);
/* How much of the demo data is loaded, 0 to 1; notified as "progress". */
double              kh_sandbox_get_progress          (KhSandbox *self);
/* A new config for the sandbox's socket; NULL until started. */
KhConnectionConfig *kh_sandbox_get_connection_config (KhSandbox *self);
const char         *kh_sandbox_get_socket_path       (KhSandbox *self);
/* The server program in use, e.g. "/usr/bin/valkey-server". */
const char         *kh_sandbox_get_server_path       (KhSandbox *self);
/* The server's process id; 0 when it is not running. */
GPid                kh_sandbox_get_pid               (KhSandbox *self);

G_END_DECLS
