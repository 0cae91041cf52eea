/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-connection.h: one socket to one server, on the GLib main loop */
#pragma once

#include <gio/gio.h>

#include "kh-command.h"
#include "kh-core-enums.h"
#include "kh-reply.h"

G_BEGIN_DECLS

typedef struct _KhConnectionConfig KhConnectionConfig;

/* Where and how to connect. Strings may be NULL. */
struct _KhConnectionConfig {
  char     *host;             /* DNS name or address; ignored with socket_path */
  guint16   port;             /* 0 means 6379 */
  char     *socket_path;      /* Unix socket, instead of host and port */

  gboolean  tls;
  gboolean  tls_insecure;     /* skip certificate and host name checks: explicit opt-in */
  char     *tls_ca_file;      /* PEM bundle trusted in addition to the system store */
  char     *tls_cert_file;    /* client certificate, PEM */
  char     *tls_key_file;     /* client private key, PEM */
  char     *tls_server_name;  /* SNI and verification name, when not the host */

  char     *username;         /* ACL user; NULL means the default user */
  char     *password;         /* never logged, never shown */
  gint      database;         /* SELECT after connecting when > 0 */
  char     *client_name;      /* CLIENT SETNAME when set */

  guint     connect_timeout_ms;  /* 0 means 10 s; covers TCP, TLS and the handshake */
  guint     command_timeout_ms;  /* default per command; 0 means 30 s */
  guint64   max_reply_size;      /* bytes one reply may take; 0 means 512 MiB */
};

/* What max_reply_size 0 means: Redis' own proto-max-bulk-len. */
#define KH_CONNECTION_DEFAULT_MAX_REPLY_SIZE (G_GUINT64_CONSTANT (512) * 1024 * 1024)

#define KH_TYPE_CONNECTION_CONFIG (kh_connection_config_get_type ())
GType               kh_connection_config_get_type (void) G_GNUC_CONST;
KhConnectionConfig *kh_connection_config_new      (void);
KhConnectionConfig *kh_connection_config_copy     (const KhConnectionConfig *config);
void                kh_connection_config_free     (KhConnectionConfig       *config);
/* "host:port", "[::1]:6379" or the socket path: for titles and messages. */
char               *kh_connection_config_describe (const KhConnectionConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhConnectionConfig, kh_connection_config_free)

typedef enum {
  KH_CONNECTION_DISCONNECTED,
  KH_CONNECTION_CONNECTING,
  KH_CONNECTION_CONNECTED,
  KH_CONNECTION_CLOSED,
} KhConnectionState;

#define KH_TYPE_CONNECTION (kh_connection_get_type ())
G_DECLARE_FINAL_TYPE (KhConnection, kh_connection, KH, CONNECTION, GObject)

KhConnection       *kh_connection_new              (const KhConnectionConfig *config);
const KhConnectionConfig *kh_connection_get_config (KhConnection *self);
KhConnectionState   kh_connection_get_state        (KhConnection *self);

/* Connects, negotiates TLS, then AUTH, SELECT and CLIENT SETNAME as configured. */
void                kh_connection_connect_async    (KhConnection        *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean            kh_connection_connect_finish   (KhConnection        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Sends @command (transfer full). Replies complete in order. An error reply
 * finishes with KH_ERROR_SERVER, its message being the server's text.
 * timeout_ms 0 means the configured default; G_MAXUINT means none. */
void                kh_connection_send_async       (KhConnection        *self,
                                                    KhCommand           *command,
                                                    guint                timeout_ms,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
KhReply            *kh_connection_send_finish      (KhConnection        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Convenience: text arguments, NULL-terminated, default timeout. */
void                kh_connection_command_async    (KhConnection        *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data,
                                                    const char          *first_arg,
                                                    ...) G_GNUC_NULL_TERMINATED;

/* Push mode, for MONITOR and SUBSCRIBE: replies that no pending command waits
 * for are emitted with the "push" signal instead of being a protocol error. */
void                kh_connection_set_push_mode    (KhConnection *self,
                                                    gboolean      push_mode);
/* Sends a command whose replies arrive as pushes (SUBSCRIBE, PSUBSCRIBE...). */
void                kh_connection_send_oneway      (KhConnection *self,
                                                    KhCommand    *command);

/* Closes now; pending commands fail with KH_ERROR_CLOSED. Emits "closed". */
void                kh_connection_close            (KhConnection *self);

guint64             kh_connection_get_commands_sent (KhConnection *self);
/* Adds what this connection sent, per kh_command_dup_stats_name(), to
 * @counts (from kh_command_counts_new()). */
void                kh_connection_add_command_counts (KhConnection *self,
                                                      GHashTable   *counts);
guint64             kh_connection_get_bytes_in      (KhConnection *self);
guint64             kh_connection_get_bytes_out     (KhConnection *self);
/* Microseconds between sending the last answered command and its reply. */
gint64              kh_connection_get_last_rtt_us   (KhConnection *self);
guint               kh_connection_get_n_pending     (KhConnection *self);

G_END_DECLS
