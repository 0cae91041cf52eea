/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-connection.c: KhConnection against real redis-server and valkey-server */
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kh-connection.h"
#include "kh-error.h"
#include "kh-test-util.h"

typedef struct {
  gboolean done;
  gboolean ok;
  KhReply *reply;
  GError *error;
  guint calls;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->reply, kh_reply_unref);
  g_clear_error (&r->error);
  memset (r, 0, sizeof *r);
}

static void
on_connected (GObject *object, GAsyncResult *res, gpointer data)
{
  Result *r = data;

  r->ok = kh_connection_connect_finish (KH_CONNECTION (object), res, &r->error);
  r->calls++;
  r->done = TRUE;
}

static void
on_reply (GObject *object, GAsyncResult *res, gpointer data)
{
  Result *r = data;

  r->reply = kh_connection_send_finish (KH_CONNECTION (object), res, &r->error);
  r->calls++;
  r->done = TRUE;
}

static KhConnectionConfig *
config_tcp (KhTestServer *server)
{
  KhConnectionConfig *config = kh_test_config_tcp (server);

  config->connect_timeout_ms = 5000;
  return config;
}

static KhConnectionConfig *
config_tls (KhTestServer *server,
            const char   *host)
{
  KhConnectionConfig *config = kh_connection_config_new ();

  config->host = g_strdup (host);
  config->port = server->tls_port;
  config->tls = TRUE;
  config->tls_ca_file = g_strdup (kh_test_tls_get ()->ca_file);
  config->connect_timeout_ms = 5000;
  return config;
}

#define RUN_OK(conn, ...) kh_test_connection_run_ok (conn, kh_command_new_va (__VA_ARGS__, NULL))

static void
test_basic (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(KhReply) set = NULL;
  g_autoptr(KhReply) get = NULL;
  g_autoptr(KhReply) missing = NULL;
  g_autoptr(KhReply) incr = NULL;
  g_autoptr(KhReply) name = NULL;
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);

  if (server == NULL)
    return;

  config = config_tcp (server);
  config->client_name = g_strdup ("keyhole-test");
  config->database = 3;
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);

  set = RUN_OK (conn, "SET", "greeting", "hello");
  g_assert_cmpint (set->kind, ==, KH_REPLY_STATUS);
  g_assert_cmpstr (set->str, ==, "OK");
  get = RUN_OK (conn, "GET", "greeting");
  g_assert_cmpint (get->kind, ==, KH_REPLY_STRING);
  g_assert_cmpstr (get->str, ==, "hello");
  missing = RUN_OK (conn, "GET", "nothing-here");
  g_assert_true (kh_reply_is_nil (missing));
  incr = RUN_OK (conn, "INCRBY", "n", "41");
  g_assert_cmpint (incr->kind, ==, KH_REPLY_INTEGER);
  g_assert_cmpint (incr->integer, ==, 41);
  name = RUN_OK (conn, "CLIENT", "GETNAME");
  g_assert_cmpstr (name->str, ==, "keyhole-test");

  /* SELECT 3 was applied: the key is in database 3, not 0 */
  {
    g_autofree char *in_db3 = kh_test_server_cli (server, "-n", "3", "GET", "greeting", NULL);
    g_autofree char *in_db0 = kh_test_server_cli (server, "GET", "greeting", NULL);

    g_assert_cmpstr (in_db3, ==, "hello");
    g_assert_cmpstr (in_db0, ==, "");
  }

  /* An error reply fails the command and keeps the connection */
  {
    g_autoptr(KhReply) bad = kh_test_connection_run (conn, kh_command_new_va ("NOSUCHCOMMAND", "x", NULL),
                                                     &error);
    g_assert_null (bad);
    g_assert_error (error, KH_ERROR, KH_ERROR_SERVER);
    g_assert_nonnull (strstr (error->message, "unknown command"));
    g_clear_error (&error);
  }
  {
    g_autoptr(KhReply) ping = RUN_OK (conn, "PING");
    g_assert_cmpstr (ping->str, ==, "PONG");
  }

  /* handshake: PING + SELECT + SETNAME, then 7 commands */
  g_assert_cmpuint (kh_connection_get_commands_sent (conn), ==, 3 + 7);
  g_assert_cmpuint (kh_connection_get_bytes_out (conn), >, 50);
  g_assert_cmpuint (kh_connection_get_bytes_in (conn), >, 20);
  g_assert_cmpint (kh_connection_get_last_rtt_us (conn), >, 0);
  g_assert_cmpint (kh_connection_get_last_rtt_us (conn), <, 5 * G_USEC_PER_SEC);

  kh_connection_close (conn);
  g_assert_cmpint (kh_connection_get_state (conn), ==, KH_CONNECTION_CLOSED);
  kh_test_server_stop (server);
}

static void
test_ipv6_and_names (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  const char *hosts[] = { "::1", "localhost", "127.0.0.1" };
  g_autofree char *inet6 = NULL;

  if (server == NULL)
    return;
  /* Loopback IPv6 is optional on build machines. */
  g_file_get_contents ("/proc/net/if_inet6", &inet6, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autoptr(KhConnectionConfig) config = config_tcp (server);
      g_autoptr(KhConnection) conn = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(KhReply) reply = NULL;
      g_autofree char *described = NULL;

      if (g_str_equal (hosts[i], "::1") && (inet6 == NULL || strstr (inet6, "00000000000000000000000000000001") == NULL))
        {
          g_test_message ("no IPv6 loopback here: ::1 not tried");
          continue;
        }
      g_free (config->host);
      config->host = g_strdup (hosts[i]);
      described = kh_connection_config_describe (config);
      if (g_str_equal (hosts[i], "::1"))
        g_assert_true (g_str_has_prefix (described, "[::1]:"));
      conn = kh_test_connection_open (config, &error);
      g_assert_no_error (error);
      reply = RUN_OK (conn, "ECHO", hosts[i]);
      g_assert_cmpstr (reply->str, ==, hosts[i]);
    }
  kh_test_server_stop (server);
}

static void
test_unix_socket (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);

  if (server == NULL)
    return;

  config->socket_path = g_strdup (server->unix_path);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);
  reply = RUN_OK (conn, "ECHO", "over a unix socket");
  g_assert_cmpstr (reply->str, ==, "over a unix socket");
  kh_test_server_stop (server);

  /* the socket is gone now */
  g_clear_object (&conn);
  conn = kh_test_connection_open (config, &error);
  g_assert_null (conn);
  g_assert_error (error, KH_ERROR, KH_ERROR_REFUSED);
}

static void
test_binary (gconstpointer data)
{
  static const guint8 key[] = { 'k', 0x00, 0xff, 0xfe, '\n', 'z' };
  static const guint8 value[] = { 0x00, 0x01, 0xc3, 0x28, 0xff, '\r', '\n', 0x00 };
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  KhCommand *command;

  if (server == NULL)
    return;
  config = config_tcp (server);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);

  command = kh_command_new ("SET");
  kh_command_add_len (command, key, sizeof key);
  kh_command_add_len (command, value, sizeof value);
  kh_reply_unref (kh_test_connection_run_ok (conn, command));

  command = kh_command_new ("GET");
  kh_command_add_len (command, key, sizeof key);
  {
    g_autoptr(KhReply) reply = kh_test_connection_run_ok (conn, command);
    g_assert_cmpint (reply->kind, ==, KH_REPLY_STRING);
    g_assert_cmpmem (reply->str, reply->len, value, sizeof value);
  }

  /* the key comes back unchanged from SCAN too */
  {
    g_autoptr(KhReply) reply = RUN_OK (conn, "SCAN", "0", "COUNT", "100");
    KhReply *keys = kh_reply_get_element (reply, 1);

    g_assert_nonnull (keys);
    g_assert_cmpuint (keys->len, ==, 1);
    g_assert_cmpmem (keys->element[0]->str, keys->element[0]->len, key, sizeof key);
  }
  kh_test_server_stop (server);
}

static void
test_auth (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_PASSWORD | KH_TEST_SERVER_ACL);

  if (server == NULL)
    return;
  config = config_tcp (server);

  /* no password */
  conn = kh_test_connection_open (config, &error);
  g_assert_null (conn);
  g_assert_error (error, KH_ERROR, KH_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (error->message, "needs a password"));
  g_clear_error (&error);

  /* wrong password: the message never repeats it */
  config->password = g_strdup ("not-the-password-42");
  conn = kh_test_connection_open (config, &error);
  g_assert_null (conn);
  g_assert_error (error, KH_ERROR, KH_ERROR_AUTH_FAILED);
  g_assert_null (strstr (error->message, "not-the-password-42"));
  g_clear_error (&error);

  /* the right one */
  g_free (config->password);
  config->password = g_strdup (KH_TEST_PASSWORD);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);
  g_clear_object (&conn);

  /* unknown ACL user */
  config->username = g_strdup ("mallory");
  conn = kh_test_connection_open (config, &error);
  g_assert_null (conn);
  g_assert_error (error, KH_ERROR, KH_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (error->message, "mallory"));
  g_assert_null (strstr (error->message, KH_TEST_PASSWORD));
  g_clear_error (&error);

  /* a read-only ACL user can read, not write */
  g_free (config->username);
  g_free (config->password);
  config->username = g_strdup (KH_TEST_ACL_READER);
  config->password = g_strdup (KH_TEST_ACL_READER_PASSWORD);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);
  {
    g_autoptr(KhReply) get = RUN_OK (conn, "GET", "anything");
    g_autoptr(KhReply) set = kh_test_connection_run (conn, kh_command_new_va ("SET", "a", "b", NULL),
                                                     &error);

    g_assert_true (kh_reply_is_nil (get));
    g_assert_null (set);
    g_assert_error (error, KH_ERROR, KH_ERROR_SERVER);
    g_assert_nonnull (strstr (error->message, "NOPERM"));
  }
  kh_test_server_stop (server);
}

static void
test_tls (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS);
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;

  /* trusted through the CA file, by name and by address */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(KhConnectionConfig) config = config_tls (server, i == 0 ? "localhost" : "127.0.0.1");
      g_autoptr(KhConnection) conn = kh_test_connection_open (config, &error);
      g_autoptr(KhReply) echo = NULL;

      g_assert_no_error (error);
      echo = RUN_OK (conn, "ECHO", "secure");
      g_assert_cmpstr (echo->str, ==, "secure");
    }

  /* without the CA file the test CA is unknown: verification fails */
  {
    g_autoptr(KhConnectionConfig) config = config_tls (server, "localhost");
    g_autoptr(KhConnection) conn = NULL;

    g_clear_pointer (&config->tls_ca_file, g_free);
    conn = kh_test_connection_open (config, &error);
    g_assert_null (conn);
    g_assert_error (error, KH_ERROR, KH_ERROR_TLS_VERIFY);
    g_assert_nonnull (strstr (error->message, "not trusted"));
    g_clear_error (&error);

    /* explicit insecure mode connects anyway */
    config->tls_insecure = TRUE;
    conn = kh_test_connection_open (config, &error);
    g_assert_no_error (error);
  }

  /* a plain client on the TLS port gets an error that mentions TLS */
  {
    g_autoptr(KhConnectionConfig) config = config_tcp (server);
    g_autoptr(KhConnection) conn = NULL;

    config->port = server->tls_port;
    conn = kh_test_connection_open (config, &error);
    g_assert_null (conn);
    g_assert_true (g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED) ||
                   g_error_matches (error, KH_ERROR, KH_ERROR_PROTOCOL));
    g_test_message ("plain client on a TLS port: %s", error->message);
    g_assert_nonnull (strstr (error->message, "TLS"));
    g_clear_error (&error);
  }

  /* a TLS client on the plain port */
  {
    g_autoptr(KhConnectionConfig) config = config_tls (server, "localhost");
    g_autoptr(KhConnection) conn = NULL;

    /* the server waits for a line that never comes: the handshake times out, and says why */
    config->port = server->port;
    config->connect_timeout_ms = 3000;
    conn = kh_test_connection_open (config, &error);
    g_assert_null (conn);
    g_assert_error (error, KH_ERROR, KH_ERROR_TIMEOUT);
    g_assert_nonnull (strstr (error->message, "may not have TLS enabled"));
    g_clear_error (&error);
  }
  kh_test_server_stop (server);
}

static void
test_tls_bad_certificates (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KhTestServer *wrong_host = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS_WRONG_HOST);
  KhTestServer *unknown_ca = NULL;

  if (wrong_host == NULL)
    return;
  unknown_ca = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS_UNKNOWN_CA);
  g_assert_nonnull (unknown_ca);

  {
    g_autoptr(KhConnectionConfig) config = config_tls (wrong_host, "localhost");
    g_autoptr(KhConnection) conn = kh_test_connection_open (config, &error);

    g_assert_null (conn);
    g_assert_error (error, KH_ERROR, KH_ERROR_TLS_VERIFY);
    g_assert_nonnull (strstr (error->message, "different host name"));
    g_clear_error (&error);

    /* the name the certificate is for, given as the server name, is accepted */
    config->tls_server_name = g_strdup ("wrong.example");
    conn = kh_test_connection_open (config, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(KhConnectionConfig) config = config_tls (unknown_ca, "localhost");
    g_autoptr(KhConnection) conn = kh_test_connection_open (config, &error);

    g_assert_null (conn);
    g_assert_error (error, KH_ERROR, KH_ERROR_TLS_VERIFY);
    g_assert_nonnull (strstr (error->message, "not trusted"));
    g_clear_error (&error);
  }
  kh_test_server_stop (wrong_host);
  kh_test_server_stop (unknown_ca);
}

static void
test_tls_client_certificate (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS_CLIENT_AUTH);
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;

  if (server == NULL)
    return;
  config = config_tls (server, "localhost");
  conn = kh_test_connection_open (config, &error);
  g_assert_null (conn);
  g_assert_true (g_error_matches (error, KH_ERROR, KH_ERROR_TLS_HANDSHAKE) ||
                 g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED));
  g_clear_error (&error);

  config->tls_cert_file = g_strdup (kh_test_tls_get ()->client_cert);
  config->tls_key_file = g_strdup (kh_test_tls_get ()->client_key);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);

  /* a key that does not exist is reported by name */
  g_free (config->tls_key_file);
  config->tls_key_file = g_strdup ("/nonexistent/client.key");
  g_clear_object (&conn);
  conn = kh_test_connection_open (config, &error);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/client.key"));
  kh_test_server_stop (server);
}

typedef struct {
  guint completed;
  guint failed_closed;
  guint closed_signals;
  guint *order_errors;
} Flight;

static void
on_flight_reply (GObject *object, GAsyncResult *res, gpointer data)
{
  Flight *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_connection_send_finish (KH_CONNECTION (object), res, &error);

  f->completed++;
  if (g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED))
    f->failed_closed++;
}

static void
on_closed_signal (KhConnection *conn, GError *error, gpointer data)
{
  Flight *f = data;

  g_assert_nonnull (error);
  f->closed_signals++;
}

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_killed_in_flight (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  Flight f = { 0 };
  gboolean later = FALSE;

  if (server == NULL)
    return;
  config = config_tcp (server);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);
  g_signal_connect (conn, "closed", G_CALLBACK (on_closed_signal), &f);

  kh_test_server_pause (server);
  for (guint i = 0; i < 1000; i++)
    kh_connection_send_async (conn, kh_command_new_va ("INCR", "counter", NULL), 0, NULL, on_flight_reply, &f);
  g_assert_cmpuint (kh_connection_get_n_pending (conn), ==, 1000);
  /* let the commands reach the socket, then kill the server */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  kh_test_server_kill (server);

  while (f.completed < 1000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f.completed, ==, 1000);
  g_assert_cmpuint (f.failed_closed, ==, 1000);
  g_assert_cmpuint (f.closed_signals, ==, 1);
  g_assert_cmpint (kh_connection_get_state (conn), ==, KH_CONNECTION_CLOSED);
  g_assert_cmpuint (kh_connection_get_n_pending (conn), ==, 0);

  /* nothing completes twice later */
  g_timeout_add_once (200, set_true, &later);
  kh_test_wait_until (&later, 2000);
  g_assert_cmpuint (f.completed, ==, 1000);

  /* commands on a closed connection fail at once */
  {
    g_autoptr(KhReply) reply = kh_test_connection_run (conn, kh_command_new ("PING"), &error);
    g_assert_null (reply);
    g_assert_error (error, KH_ERROR, KH_ERROR_CLOSED);
  }
  kh_test_server_stop (server);
}

static void
test_large_value (gconstpointer data)
{
  const gsize size = 64 * 1024 * 1024;
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *value = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  KhCommand *command;

  if (server == NULL)
    return;
  config = config_tcp (server);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);

  value = g_malloc (size);
  for (gsize i = 0; i < size; i++)
    value[i] = (guint8) (i * 2654435761u >> 13);

  command = kh_command_new ("SET");
  kh_command_add (command, "big");
  kh_command_add_len (command, value, size);
  kh_reply_unref (kh_test_connection_run_ok (conn, command));

  {
    g_autoptr(KhReply) strlen_reply = RUN_OK (conn, "STRLEN", "big");
    g_autoptr(KhReply) reply = RUN_OK (conn, "GET", "big");

    g_assert_cmpint (strlen_reply->integer, ==, (gint64) size);
    g_assert_cmpuint (reply->len, ==, size);
    g_assert_true (memcmp (reply->str, value, size) == 0);
  }
  g_assert_cmpuint (kh_connection_get_bytes_out (conn), >, size);
  g_assert_cmpuint (kh_connection_get_bytes_in (conn), >, size);
  kh_test_server_stop (server);
}

typedef struct {
  guint next;
  guint wrong;
  guint errors;
} Sequence;

static void
on_sequence_reply (GObject *object, GAsyncResult *res, gpointer data)
{
  Sequence *s = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_connection_send_finish (KH_CONNECTION (object), res, &error);

  if (reply == NULL)
    s->errors++;
  else if (reply->integer != (gint64) s->next + 1)
    s->wrong++;
  s->next++;
}

static void
test_pipeline (gconstpointer data)
{
  const guint n = 100000;
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  Sequence s = { 0 };
  gint64 start;

  if (server == NULL)
    return;
  config = config_tcp (server);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    kh_connection_send_async (conn, kh_command_new_va ("INCR", "seq", NULL), 0, NULL, on_sequence_reply, &s);
  g_assert_cmpuint (kh_connection_get_n_pending (conn), ==, n);
  while (s.next < n)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("%u pipelined INCR in %.0f ms", n, (g_get_monotonic_time () - start) / 1000.0);

  g_assert_cmpuint (s.errors, ==, 0);
  g_assert_cmpuint (s.wrong, ==, 0);
  {
    g_autofree char *value = kh_test_server_cli (server, "GET", "seq", NULL);
    g_assert_cmpstr (value, ==, "100000");
  }
  kh_test_server_stop (server);
}

static void
test_cancel_and_timeout (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  Result cancelled = { 0 };
  Result timed_out = { 0 };
  gint64 start;

  if (server == NULL)
    return;
  config = config_tcp (server);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);

  kh_test_server_pause (server);

  /* cancellation completes the command at once */
  kh_connection_send_async (conn, kh_command_new_va ("ECHO", "cancelled", NULL), 0,
                            cancellable, on_reply, &cancelled);
  g_cancellable_cancel (cancellable);
  kh_test_wait_until (&cancelled.done, 2000);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled.reply);

  /* a stopped server makes a command time out */
  start = g_get_monotonic_time ();
  kh_connection_send_async (conn, kh_command_new_va ("ECHO", "late", NULL), 300,
                            NULL, on_reply, &timed_out);
  kh_test_wait_until (&timed_out.done, 5000);
  g_assert_error (timed_out.error, KH_ERROR, KH_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 290 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3000 * 1000);

  /* once the server runs again, the stale replies are dropped and the next command gets its own */
  kh_test_server_resume (server);
  {
    g_autoptr(KhReply) reply = RUN_OK (conn, "ECHO", "fresh");
    g_assert_cmpstr (reply->str, ==, "fresh");
  }
  g_assert_cmpuint (cancelled.calls, ==, 1);
  g_assert_cmpuint (timed_out.calls, ==, 1);
  result_clear (&cancelled);
  result_clear (&timed_out);
  kh_test_server_stop (server);
}

/* A path longer than sun_path was cut short by GUnixSocketAddress, and the
 * handshake (with AUTH) went to whatever listened at the shorter path. */
static void
test_socket_path_too_long (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kh-long-socket-XXXXXX", NULL);
  g_autoptr(GString) path = g_string_new (dir);
  g_autofree char *truncated = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  g_string_append_c (path, '/');
  while (path->len < 150)
    g_string_append_c (path, 's');
  truncated = g_strndup (path->str, 107);

  /* Something listens at the cut path, ready to read the password. */
  listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (truncated);
  g_assert_true (g_socket_bind (listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  g_assert_no_error (error);

  config->socket_path = g_strdup (path->str);
  config->password = g_strdup ("secret-for-the-real-server");
  config->connect_timeout_ms = 300;
  conn = kh_test_connection_open (config, &error);
  g_assert_null (conn);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "150 bytes long"));
  g_assert_nonnull (strstr (error->message, "at most 107"));
  /* Nobody connected to the listener. */
  g_assert_cmpuint (g_socket_condition_check (listener, G_IO_IN), ==, 0);

  g_socket_close (listener, NULL);
  g_unlink (truncated);
  g_rmdir (dir);
}

static void
test_connect_errors (void)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  gint64 start;

  /* a socket that listens but never answers: the handshake times out */
  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  g_socket_bind (listener, G_SOCKET_ADDRESS (address), TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  config->host = g_strdup ("127.0.0.1");
  config->port = port;
  config->connect_timeout_ms = 300;
  start = g_get_monotonic_time ();
  conn = kh_test_connection_open (config, &error);
  g_assert_null (conn);
  g_assert_error (error, KH_ERROR, KH_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* the same over TLS: it times out during the TLS handshake */
  config->tls = TRUE;
  conn = kh_test_connection_open (config, &error);
  g_assert_error (error, KH_ERROR, KH_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "TLS"));
  g_clear_error (&error);
  config->tls = FALSE;

  /* nothing listens: refused */
  g_socket_close (listener, NULL);
  conn = kh_test_connection_open (config, &error);
  g_assert_error (error, KH_ERROR, KH_ERROR_REFUSED);
  g_clear_error (&error);

  /* a name that does not resolve */
  g_free (config->host);
  config->host = g_strdup ("keyhole-test.invalid");
  config->connect_timeout_ms = 10000;
  conn = kh_test_connection_open (config, &error);
  g_assert_error (error, KH_ERROR, KH_ERROR_DNS);
  g_assert_nonnull (strstr (error->message, "keyhole-test.invalid"));
}

static void
test_cancel_connect (void)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  g_socket_bind (listener, G_SOCKET_ADDRESS (address), TRUE, &error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (listener, &error);

  config->host = g_strdup ("127.0.0.1");
  config->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  conn = kh_connection_new (config);
  kh_connection_connect_async (conn, cancellable, on_connected, &r);
  g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  kh_test_wait_until (&r.done, 5000);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (r.calls, ==, 1);
  result_clear (&r);
}

typedef struct {
  KhTestServer *server;
  gboolean ok;
  char *echo;
} ThreadData;

static gpointer
connection_thread (gpointer data)
{
  ThreadData *td = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhConnection) conn = NULL;
  Result r = { 0 };

  g_main_context_push_thread_default (context);
  config = config_tcp (td->server);
  conn = kh_connection_new (config);
  kh_connection_connect_async (conn, NULL, on_connected, &r);
  while (!r.done)
    g_main_context_iteration (context, TRUE);
  td->ok = r.ok;
  if (r.ok)
    {
      Result e = { 0 };

      kh_connection_command_async (conn, NULL, on_reply, &e, "ECHO", "from a thread", NULL);
      while (!e.done)
        g_main_context_iteration (context, TRUE);
      if (e.reply != NULL)
        td->echo = g_strdup (e.reply->str);
      result_clear (&e);
    }
  result_clear (&r);
  kh_connection_close (conn);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_other_context (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  ThreadData td = { 0 };
  GThread *thread;

  if (server == NULL)
    return;
  td.server = server;
  thread = g_thread_new ("connection", connection_thread, &td);
  g_thread_join (thread);
  g_assert_true (td.ok);
  g_assert_cmpstr (td.echo, ==, "from a thread");
  g_free (td.echo);
  kh_test_server_stop (server);
}

static void
test_dispose_with_pending (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  KhConnection *conn = NULL;
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  Flight f = { 0 };

  if (server == NULL)
    return;
  config = config_tcp (server);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);

  kh_test_server_pause (server);
  for (guint i = 0; i < 10; i++)
    kh_connection_send_async (conn, kh_command_new ("PING"), 0, NULL, on_flight_reply, &f);
  /* closing fails each pending command exactly once */
  kh_connection_close (conn);
  g_object_unref (conn);
  while (f.completed < 10)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f.failed_closed, ==, 10);
  kh_test_server_resume (server);
  kh_test_server_stop (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/connection", "basic", test_basic);
  kh_test_add_for_each_server ("/core/connection", "ipv6-and-names", test_ipv6_and_names);
  kh_test_add_for_each_server ("/core/connection", "unix-socket", test_unix_socket);
  kh_test_add_for_each_server ("/core/connection", "binary", test_binary);
  kh_test_add_for_each_server ("/core/connection", "auth", test_auth);
  kh_test_add_for_each_server ("/core/connection", "tls", test_tls);
  kh_test_add_for_each_server ("/core/connection", "tls-bad-certificates", test_tls_bad_certificates);
  kh_test_add_for_each_server ("/core/connection", "tls-client-certificate", test_tls_client_certificate);
  kh_test_add_for_each_server ("/core/connection", "killed-in-flight", test_killed_in_flight);
  kh_test_add_for_each_server ("/core/connection", "large-value", test_large_value);
  kh_test_add_for_each_server ("/core/connection", "pipeline", test_pipeline);
  kh_test_add_for_each_server ("/core/connection", "cancel-and-timeout", test_cancel_and_timeout);
  kh_test_add_for_each_server ("/core/connection", "other-context", test_other_context);
  kh_test_add_for_each_server ("/core/connection", "dispose-with-pending", test_dispose_with_pending);
  g_test_add_func ("/core/connection/connect-errors", test_connect_errors);
  g_test_add_func ("/core/connection/socket-path-too-long", test_socket_path_too_long);
  g_test_add_func ("/core/connection/cancel-connect", test_cancel_connect);

  return g_test_run ();
}
