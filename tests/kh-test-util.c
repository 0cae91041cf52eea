/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-util.c: helpers the tests share on top of the server harness */
#include "kh-test-util.h"

/* Generous: a loaded CI machine is slow, and a test that hangs fails anyway. */
#define OPEN_TIMEOUT_MS 30000
#define RUN_TIMEOUT_MS  60000

void
kh_test_async_ready (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  KhTestAsync *async = user_data;

  g_assert_false (async->done);
  g_assert_null (async->result);
  async->result = g_object_ref (result);
  async->done = TRUE;
}

GAsyncResult *
kh_test_async_wait (KhTestAsync *async,
                    guint        timeout_ms)
{
  kh_test_wait_until (&async->done, timeout_ms);
  g_assert_nonnull (async->result);
  return async->result;
}

void
kh_test_async_clear (KhTestAsync *async)
{
  g_clear_object (&async->result);
  async->done = FALSE;
}

gboolean
kh_test_iterate_until (gboolean (*condition) (gpointer data),
                       gpointer   data,
                       guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

KhConnectionConfig *
kh_test_config_tcp (KhTestServer *server)
{
  KhConnectionConfig *config = kh_connection_config_new ();

  config->host = g_strdup ("127.0.0.1");
  config->port = server->port;
  return config;
}

KhConnection *
kh_test_connection_open (const KhConnectionConfig  *config,
                         GError                   **error)
{
  g_autoptr(KhConnection) connection = kh_connection_new (config);
  g_auto(KhTestAsync) async = { 0 };
  GError *local_error = NULL;
  gboolean ok;

  kh_connection_connect_async (connection, NULL, kh_test_async_ready, &async);
  ok = kh_connection_connect_finish (connection, kh_test_async_wait (&async, OPEN_TIMEOUT_MS),
                                     &local_error);
  if (!ok)
    {
      g_assert_nonnull (local_error);
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_assert_no_error (local_error);
  g_assert_cmpint (kh_connection_get_state (connection), ==, KH_CONNECTION_CONNECTED);
  return g_steal_pointer (&connection);
}

KhReply *
kh_test_connection_run (KhConnection  *connection,
                        KhCommand     *command,
                        GError       **error)
{
  g_auto(KhTestAsync) async = { 0 };
  GError *local_error = NULL;
  KhReply *reply;

  kh_connection_send_async (connection, command, 0, NULL, kh_test_async_ready, &async);
  reply = kh_connection_send_finish (connection, kh_test_async_wait (&async, RUN_TIMEOUT_MS),
                                     &local_error);
  if (local_error != NULL)
    {
      g_assert_null (reply);
      g_propagate_error (error, local_error);
      return NULL;
    }
  return reply;
}

KhReply *
kh_test_connection_run_ok (KhConnection *connection,
                           KhCommand    *command)
{
  g_autoptr(GError) error = NULL;
  KhReply *reply = kh_test_connection_run (connection, command, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

KhSession *
kh_test_session_open_config (const KhConnectionConfig  *config,
                             KhSessionFlags             flags,
                             GError                   **error)
{
  g_autoptr(KhSession) session = kh_session_new (config, flags);
  g_auto(KhTestAsync) async = { 0 };
  GError *local_error = NULL;
  gboolean ok;

  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_NEW);
  kh_session_open_async (session, NULL, kh_test_async_ready, &async);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_CONNECTING);
  ok = kh_session_open_finish (session, kh_test_async_wait (&async, OPEN_TIMEOUT_MS), &local_error);
  if (!ok)
    {
      g_assert_nonnull (local_error);
      g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_CLOSED);
      g_propagate_error (error, local_error);
      return NULL;
    }
  g_assert_no_error (local_error);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);
  return g_steal_pointer (&session);
}

KhSession *
kh_test_session_open (KhTestServer   *server,
                      KhSessionFlags  flags)
{
  g_autoptr(KhConnectionConfig) config = kh_test_config_tcp (server);
  g_autoptr(GError) error = NULL;
  KhSession *session = kh_test_session_open_config (config, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

KhReply *
kh_test_session_run (KhSession  *session,
                     KhCommand  *command,
                     GError    **error)
{
  g_auto(KhTestAsync) async = { 0 };
  GError *local_error = NULL;
  KhReply *reply;

  kh_session_send_async (session, command, NULL, kh_test_async_ready, &async);
  reply = kh_session_send_finish (session, kh_test_async_wait (&async, RUN_TIMEOUT_MS), &local_error);
  if (local_error != NULL)
    {
      g_assert_null (reply);
      g_propagate_error (error, local_error);
      return NULL;
    }
  return reply;
}

KhReply *
kh_test_session_run_ok (KhSession *session,
                        KhCommand *command)
{
  g_autoptr(GError) error = NULL;
  KhReply *reply = kh_test_session_run (session, command, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}
