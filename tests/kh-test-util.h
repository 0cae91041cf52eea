/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-util.h: helpers the tests share on top of the server harness:
 * waiting on the main loop, and connections and sessions to test servers */
#pragma once

#include <gio/gio.h>

#include "kh-connection.h"
#include "kh-session.h"
#include "kh-test-server.h"

G_BEGIN_DECLS

/* One asynchronous call: give it kh_test_async_ready as callback and a zeroed
 * KhTestAsync as data, then wait for it with kh_test_async_wait(). */
typedef struct {
  gboolean      done;
  GAsyncResult *result;
} KhTestAsync;

/* Keeps the result; the callback must come once. */
void          kh_test_async_ready   (GObject       *source,
                                     GAsyncResult  *result,
                                     gpointer       user_data);
/* Iterates the default main context until the call completes, failing the
 * test after @timeout_ms; returns its result, which @async keeps. */
GAsyncResult *kh_test_async_wait    (KhTestAsync   *async,
                                     guint          timeout_ms);
/* Drops the result: @async is ready for the next call. */
void          kh_test_async_clear   (KhTestAsync   *async);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KhTestAsync, kh_test_async_clear)

/* Iterates the default main context, without blocking (what changes may be
 * another process), until @condition returns TRUE; FALSE after @timeout_ms. */
gboolean      kh_test_iterate_until (gboolean     (*condition) (gpointer data),
                                     gpointer       data,
                                     guint          timeout_ms);

/* 127.0.0.1 and @server's TCP port; everything else as a new config has it. */
KhConnectionConfig *kh_test_config_tcp (KhTestServer *server);

/* Connects with @config and waits: the connection, or NULL with @error set. */
KhConnection *kh_test_connection_open   (const KhConnectionConfig *config,
                                         GError                  **error);
/* Sends @command (transfer full) and waits: the reply, or NULL with @error set. */
KhReply      *kh_test_connection_run    (KhConnection             *connection,
                                         KhCommand                *command,
                                         GError                  **error);
/* Sends @command (transfer full) and waits; the reply must come, and not be an error. */
KhReply      *kh_test_connection_run_ok (KhConnection             *connection,
                                         KhCommand                *command);

/* Opens a session with @config and waits: the session, ready, or NULL with
 * @error set and the session closed. */
KhSession    *kh_test_session_open_config (const KhConnectionConfig *config,
                                           KhSessionFlags            flags,
                                           GError                  **error);
/* A ready session to @server over TCP (kh_test_config_tcp()); it must open. */
KhSession    *kh_test_session_open        (KhTestServer             *server,
                                           KhSessionFlags            flags);
/* Sends @command (transfer full) and waits: the reply, or NULL with @error set. */
KhReply      *kh_test_session_run         (KhSession                *session,
                                           KhCommand                *command,
                                           GError                  **error);
/* Sends @command (transfer full) and waits; the reply must come, and not be an error. */
KhReply      *kh_test_session_run_ok      (KhSession                *session,
                                           KhCommand                *command);

G_END_DECLS
