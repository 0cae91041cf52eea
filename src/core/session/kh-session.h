/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session.h: one open connection profile: its connection, what the server
 * can do, read-only enforcement and reconnects */
#pragma once

#include <gio/gio.h>

#include "kh-command.h"
#include "kh-connection.h"
#include "kh-reply.h"

G_BEGIN_DECLS

typedef enum {
  KH_SESSION_FLAGS_NONE = 0,
  KH_SESSION_READ_ONLY  = 1 << 0,  /* writes are refused before they are sent */
} KhSessionFlags;

typedef enum {
  KH_SESSION_NEW,           /* not opened yet */
  KH_SESSION_CONNECTING,    /* kh_session_open_async() is running */
  KH_SESSION_READY,
  KH_SESSION_RECONNECTING,  /* the connection was lost; retrying with backoff */
  KH_SESSION_CLOSED,        /* closed for good, or the first connect failed */
} KhSessionState;

typedef enum {
  KH_SERVER_UNKNOWN,
  KH_SERVER_REDIS,
  KH_SERVER_VALKEY,
} KhServerKind;

typedef enum {
  KH_SERVER_MODE_UNKNOWN,
  KH_SERVER_MODE_STANDALONE,
  KH_SERVER_MODE_CLUSTER,
  KH_SERVER_MODE_SENTINEL,
} KhServerMode;

/* What changed about a key, for "key-changed" */
typedef enum {
  KH_KEY_CHANGED_VALUE = 1 << 0,  /* its value, so its length and size */
  KH_KEY_CHANGED_TTL   = 1 << 1,  /* its expiry was set or removed */
  KH_KEY_CHANGED_GONE  = 1 << 2,  /* deleted, renamed away, expired or found missing */
  KH_KEY_CHANGED_NEW   = 1 << 3,  /* created, or renamed to this name */
} KhKeyChange;

#define KH_TYPE_SESSION (kh_session_get_type ())
G_DECLARE_FINAL_TYPE (KhSession, kh_session, KH, SESSION, GObject)

KhSession      *kh_session_new                 (const KhConnectionConfig *config,
                                                KhSessionFlags            flags);

/* Connects (client name "keyhole"), then learns the server: INFO server and
 * memory, the commands it has (COMMAND LIST, else COMMAND INFO, else an
 * assumed Redis 6.2 set) and its number of databases. */
void            kh_session_open_async          (KhSession           *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        kh_session_open_finish         (KhSession           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Forwards @command (transfer full) to the connection. Fails at once with
 * KH_ERROR_READ_ONLY for a write on a read-only session, and with
 * KH_ERROR_CLOSED while reconnecting or once closed. */
void            kh_session_send_async          (KhSession           *self,
                                                KhCommand           *command,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
KhReply        *kh_session_send_finish         (KhSession           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* SELECT @database; the choice survives reconnects. */
void            kh_session_select_database_async  (KhSession           *self,
                                                   guint                database,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        kh_session_select_database_finish (KhSession           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Stops everything: the connection, reconnect attempts, a running open. */
void            kh_session_close               (KhSession *self);

KhSessionState  kh_session_get_state           (KhSession *self);
KhSessionFlags  kh_session_get_flags           (KhSession *self);
gboolean        kh_session_is_read_only        (KhSession *self);
const KhConnectionConfig *kh_session_get_config (KhSession *self);
/* The main connection; NULL while reconnecting or closed. */
KhConnection   *kh_session_get_connection      (KhSession *self);
guint           kh_session_get_database        (KhSession *self);

KhServerKind    kh_session_get_server_kind     (KhSession *self);
/* "8.0.1"; NULL when the server did not say. */
const char     *kh_session_get_server_version  (KhSession *self);
KhServerMode    kh_session_get_mode            (KhSession *self);
/* Bytes; 0 means no limit (or unknown). */
guint64         kh_session_get_maxmemory       (KhSession *self);
/* "allkeys-lru", "noeviction"...; NULL when unknown. */
const char     *kh_session_get_maxmemory_policy (KhSession *self);
/* Case-insensitive: "unlink", "GETEX", "json.get". */
gboolean        kh_session_has_command         (KhSession  *self,
                                                const char *name);
/* TRUE when COMMAND was refused or missing and the command set is assumed. */
gboolean        kh_session_get_command_probe_failed (KhSession *self);
guint           kh_session_get_n_databases     (KhSession *self);

/* Every command Keyhole sent on this session's connections, handshakes,
 * probes and reconnects included. Notified as "commands-sent". */
guint64         kh_session_get_commands_sent   (KhSession *self);
/* The same per command name (kh_command_dup_stats_name()), as a new table
 * from kh_command_counts_new(). */
GHashTable     *kh_session_dup_command_counts  (KhSession *self);
/* Reconnect attempts since the connection was last lost; 0 when connected. */
guint           kh_session_get_reconnect_attempt (KhSession *self);
/* While reconnecting: tries at once instead of after the backoff wait.
 * FALSE when there is no wait to skip (not reconnecting, or an attempt is
 * already on its way). */
gboolean        kh_session_reconnect_now       (KhSession *self);

/* Says that a write (or a read that found the key missing) changed @key, so
 * that every view showing it updates: emits "key-changed" (GBytes *key,
 * guint KhKeyChange). @key NULL means "some keys, which is unknown" (a
 * command typed in the console): views check what they show. */
void            kh_session_key_changed         (KhSession   *self,
                                                GBytes      *key,
                                                KhKeyChange  change);

G_END_DECLS
