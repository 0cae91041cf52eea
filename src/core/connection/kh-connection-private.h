/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-connection-private.h: KhConnection's instance, shared by the files
 * that implement it: kh-connection.c (queue, reading, writing, closing),
 * kh-connection-connect.c (connect, TLS and handshake) and
 * kh-connection-reader.c (replies decoded by hiredis) */
#pragma once

#include <gio/gio.h>
#include <hiredis/hiredis.h>

#include "kh-connection.h"
#include "kh-tls-private.h"

G_BEGIN_DECLS

typedef enum {
  HANDSHAKE_NONE,
  HANDSHAKE_TCP,
  HANDSHAKE_TLS_SETUP,
  HANDSHAKE_TLS,
  HANDSHAKE_COMMANDS,
} HandshakePhase;

struct _KhConnection {
  GObject parent_instance;

  KhConnectionConfig *config;
  KhConnectionState state;
  GMainContext *context;
  char *description;

  GSocketConnection *stream;
  GSocket *socket;
  KhTls *tls;
  KhTlsContext *tls_context;
  GSource *read_source;
  GSource *write_source;
  GSource *read_more_source;
  GSource *timer_source;
  gint64 timer_deadline_us;

  GByteArray *out;
  gsize out_offset;
  redisReader *reader;
  GQueue pending;            /* KhPending, in send order */

  gboolean push_mode;
  gboolean disposed;

  /* connect */
  GTask *connect_task;
  GCancellable *connect_cancellable;
  GSource *connect_timeout_source;
  GSource *connect_cancel_source;
  HandshakePhase phase;
  guint handshake_left;
  GError *handshake_error;

  guint64 commands_sent;
  GHashTable *commands_by_name;  /* stats name -> guint64 *, created on first send */
  guint64 bytes_in;
  /* bytes_in where the reply being read began: a reply may take at most the
   * config's max_reply_size */
  guint64 reply_start;
  guint64 bytes_out;
  gint64 last_rtt_us;
};

static inline void
kh_source_destroy_and_unref (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/* kh-connection.c */
void         kh_connection_set_state      (KhConnection      *self,
                                           KhConnectionState  state);
/* Closes the connection: every pending command fails once with @error. */
void         kh_connection_fail           (KhConnection      *self,
                                           GError            *error);
/* Reads replies whenever the socket has data, from now on. */
void         kh_connection_start_reading  (KhConnection      *self);

/* kh-connection-connect.c */
/* Ends the connect in progress, failed with @error (transfer full) or, with
 * NULL, connected. */
void         kh_connection_connect_done   (KhConnection      *self,
                                           GError            *error);

/* kh-connection-reader.c */
/* A hiredis reader that builds KhReply trees. */
redisReader *kh_connection_reader_new     (void);

G_END_DECLS
