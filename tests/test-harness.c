/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-harness.c: the real-server harness itself must be trustworthy */
#include "kh-test-server.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

/* Length of the first complete RESP reply in @buf, or -1 when more is needed. */
static gssize
complete_reply_length (const char *buf, gsize len)
{
  const char *end = memchr (buf, '\n', len);
  gssize header;
  gint64 count;

  if (len == 0 || end == NULL)
    return -1;
  header = end - buf + 1;
  count = g_ascii_strtoll (buf + 1, NULL, 10);

  switch (buf[0])
    {
    case '$':
      if (count < 0)
        return header;
      return (gsize) header + count + 2 <= len ? header + count + 2 : -1;
    case '*':
      {
        gssize total = header;
        for (gint64 i = 0; i < count; i++)
          {
            gssize item = complete_reply_length (buf + total, len - total);
            if (item < 0)
              return -1;
            total += item;
          }
        return total;
      }
    default:
      return header;
    }
}

/* Sends @request and reads one whole reply; NULL when the socket fails. */
static char *
exchange (GSocket *sock, const char *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) reply = g_string_new (NULL);

  g_assert_cmpint (g_socket_send (sock, request, strlen (request), NULL, &error), ==,
                   (gssize) strlen (request));
  g_assert_no_error (error);

  while (complete_reply_length (reply->str, reply->len) < 0)
    {
      char buffer[4096];
      gssize n = g_socket_receive (sock, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return NULL;
      g_string_append_len (reply, buffer, n);
    }
  /* One request at a time: nothing may follow the reply. */
  g_assert_cmpint (complete_reply_length (reply->str, reply->len), ==, (gssize) reply->len);
  return g_string_free (g_steal_pointer (&reply), FALSE);
}

static GSocket *
connect_address (GSocketAddress *address, guint timeout_s)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GError) error = NULL;

  sock = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                       G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (sock, timeout_s);
  if (!g_socket_connect (sock, address, NULL, NULL))
    return NULL;
  return g_steal_pointer (&sock);
}

static GSocket *
connect_unix (const char *path)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);

  return connect_address (address, 2);
}

static GSocket *
connect_tcp (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return connect_address (address, 2);
}

static gboolean
pid_alive (GPid pid)
{
  return kill (pid, 0) == 0 || errno != ESRCH;
}

static void
assert_reply_prefix (GSocket *sock, const char *request, const char *prefix)
{
  g_autofree char *reply = exchange (sock, request);

  g_assert_nonnull (reply);
  if (!g_str_has_prefix (reply, prefix))
    g_error ("'%s' answered '%s', expected '%s...'", g_strchomp (g_strdup (request)), reply, prefix);
}

/* openssl s_client against the TLS port; TRUE when the handshake and the
 * certificate verification both succeed. */
static gboolean
s_client_verifies (KhTestServer *server,
                   const char   *ca_file,
                   const char   *verify_option,
                   const char   *verify_value)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *connect = g_strdup_printf ("127.0.0.1:%u", server->tls_port);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { openssl, "s_client", "-connect", connect, "-CAfile", ca_file,
                         "-verify_return_error", "-brief",
                         verify_option, verify_value, NULL };
  int status = 0;

  g_assert_nonnull (openssl);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("s_client %s %s: %s", verify_option, verify_value, err);

  if (!g_spawn_check_wait_status (status, NULL))
    return FALSE;
  /* Exit status 0 alone is not enough: insist on the verdict. */
  g_assert_nonnull (strstr (err, "Verification: OK"));
  return TRUE;
}

/* The server's CLI over TLS, with or without the client certificate. */
static char *
tls_cli_ping (KhTestServer *server, gboolean with_client_cert)
{
  const KhTestTls *tls = kh_test_tls_get ();
  g_autofree char *cli = g_find_program_in_path (server->kind == KH_TEST_SERVER_VALKEY
                                                 ? "valkey-cli" : "redis-cli");
  g_autofree char *port = g_strdup_printf ("%u", server->tls_port);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  int status = 0;

  if (cli == NULL)
    cli = g_find_program_in_path ("redis-cli");
  g_assert_nonnull (cli);
  g_assert_nonnull (tls);

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (gpointer) "-h");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1");
  g_ptr_array_add (argv, (gpointer) "-p");
  g_ptr_array_add (argv, port);
  g_ptr_array_add (argv, (gpointer) "--tls");
  g_ptr_array_add (argv, (gpointer) "--cacert");
  g_ptr_array_add (argv, tls->ca_file);
  if (with_client_cert)
    {
      g_ptr_array_add (argv, (gpointer) "--cert");
      g_ptr_array_add (argv, tls->client_cert);
      g_ptr_array_add (argv, (gpointer) "--key");
      g_ptr_array_add (argv, tls->client_key);
    }
  g_ptr_array_add (argv, (gpointer) "PING");
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, NULL);
  return out ? g_strchomp (g_steal_pointer (&out)) : g_strdup ("");
}

/* ------------------------------------------------------------------------ */

static void
test_start_stop (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(GSocket) tcp = NULL;
  g_autofree char *unix_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pong = NULL;
  g_autofree char *info = NULL;
  GPid pid;

  if (server == NULL)
    return;

  g_assert_cmpint (server->kind, ==, KH_TEST_KIND (data));
  g_assert_cmpuint (server->port, >, 0);
  g_assert_cmpuint (server->tls_port, ==, 0);
  g_assert_true (g_file_test (server->unix_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (server->dir, G_FILE_TEST_IS_DIR));
  g_assert_true (pid_alive (server->pid));

  pong = kh_test_server_cli (server, "PING", NULL);
  g_assert_cmpstr (pong, ==, "PONG");

  /* The right kind of server answers. */
  info = kh_test_server_cli (server, "INFO", "server", NULL);
  g_assert_nonnull (info);
  if (KH_TEST_KIND (data) == KH_TEST_SERVER_VALKEY)
    g_assert_nonnull (strstr (info, "valkey_version:"));
  else
    g_assert_null (strstr (info, "valkey_version:"));

  tcp = connect_tcp (server->port);
  g_assert_nonnull (tcp);
  assert_reply_prefix (tcp, "PING\r\n", "+PONG");

  unix_path = g_strdup (server->unix_path);
  dir = g_strdup (server->dir);
  pid = server->pid;
  kh_test_server_stop (server);

  g_assert_false (g_file_test (unix_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_false (pid_alive (pid));
}

static void
test_cli (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autofree char *set = NULL;
  g_autofree char *get = NULL;
  g_autofree char *range = NULL;
  g_autofree char *bad = NULL;

  if (server == NULL)
    return;

  set = kh_test_server_cli (server, "SET", "greeting", "hello world", NULL);
  g_assert_cmpstr (set, ==, "OK");
  get = kh_test_server_cli (server, "GET", "greeting", NULL);
  g_assert_cmpstr (get, ==, "hello world");

  g_free (kh_test_server_cli (server, "RPUSH", "list", "a", "b", NULL));
  range = kh_test_server_cli (server, "LRANGE", "list", "0", "-1", NULL);
  g_assert_cmpstr (range, ==, "a\nb");

  /* Nothing listens there any more: the CLI fails, and so does the call. */
  kh_test_server_kill (server);
  bad = kh_test_server_cli (server, "PING", NULL);
  g_assert_null (bad);

  kh_test_server_stop (server);
}

static void
test_password (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_PASSWORD);
  g_autoptr(GSocket) sock = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *pong = NULL;

  if (server == NULL)
    return;

  sock = connect_unix (server->unix_path);
  g_assert_nonnull (sock);
  assert_reply_prefix (sock, "PING\r\n", "-NOAUTH");
  assert_reply_prefix (sock, "AUTH wrong\r\n", "-WRONGPASS");

  /* The password has a space: send it as a RESP array. */
  auth = g_strdup_printf ("*2\r\n$4\r\nAUTH\r\n$%zu\r\n%s\r\n",
                          strlen (KH_TEST_PASSWORD), KH_TEST_PASSWORD);
  assert_reply_prefix (sock, auth, "+OK");
  assert_reply_prefix (sock, "PING\r\n", "+PONG");

  pong = kh_test_server_cli (server, "PING", NULL);
  g_assert_cmpstr (pong, ==, "PONG");

  kh_test_server_stop (server);
}

static void
test_acl (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_ACL);
  g_autoptr(GSocket) reader = NULL;
  g_autoptr(GSocket) alice = NULL;
  g_autoptr(GSocket) anonymous = NULL;

  if (server == NULL)
    return;

  /* Without PASSWORD the default user stays open. */
  anonymous = connect_unix (server->unix_path);
  g_assert_nonnull (anonymous);
  assert_reply_prefix (anonymous, "PING\r\n", "+PONG");

  reader = connect_unix (server->unix_path);
  g_assert_nonnull (reader);
  assert_reply_prefix (reader, "AUTH " KH_TEST_ACL_READER " wrong\r\n", "-WRONGPASS");
  assert_reply_prefix (reader, "AUTH " KH_TEST_ACL_READER " " KH_TEST_ACL_READER_PASSWORD "\r\n", "+OK");
  assert_reply_prefix (reader, "SET a b\r\n", "-NOPERM");
  assert_reply_prefix (reader, "DEL a\r\n", "-NOPERM");
  assert_reply_prefix (reader, "FLUSHALL\r\n", "-NOPERM");
  assert_reply_prefix (reader, "CLIENT KILL ID 1\r\n", "-NOPERM");
  assert_reply_prefix (reader, "GET a\r\n", "$-1");
  assert_reply_prefix (reader, "SCAN 0\r\n", "*2");
  assert_reply_prefix (reader, "INFO server\r\n", "$");
  assert_reply_prefix (reader, "SELECT 1\r\n", "+OK");
  assert_reply_prefix (reader, "CLIENT SETNAME keyhole\r\n", "+OK");

  alice = connect_unix (server->unix_path);
  g_assert_nonnull (alice);
  assert_reply_prefix (alice, "AUTH " KH_TEST_ACL_USER " " KH_TEST_ACL_PASSWORD "\r\n", "+OK");
  assert_reply_prefix (alice, "SET a b\r\n", "+OK");
  assert_reply_prefix (alice, "ACL WHOAMI\r\n", "$5\r\nalice");

  /* The reader sees what alice wrote. */
  assert_reply_prefix (reader, "SELECT 0\r\n", "+OK");
  assert_reply_prefix (reader, "GET a\r\n", "$1\r\nb");

  kh_test_server_stop (server);
}

static void
test_acl_password (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data),
                                               KH_TEST_SERVER_ACL | KH_TEST_SERVER_PASSWORD);
  g_autoptr(GSocket) sock = NULL;
  g_autofree char *whoami = NULL;

  if (server == NULL)
    return;

  sock = connect_unix (server->unix_path);
  g_assert_nonnull (sock);
  assert_reply_prefix (sock, "PING\r\n", "-NOAUTH");
  assert_reply_prefix (sock, "AUTH " KH_TEST_ACL_USER " " KH_TEST_ACL_PASSWORD "\r\n", "+OK");
  assert_reply_prefix (sock, "SET a b\r\n", "+OK");

  whoami = kh_test_server_cli (server, "ACL", "WHOAMI", NULL);
  g_assert_cmpstr (whoami, ==, "default");

  kh_test_server_stop (server);
}

static void
test_tls (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS);
  const KhTestTls *tls;
  g_autofree char *plain = NULL;
  g_autofree char *over_tls = NULL;

  if (server == NULL)
    return;
  tls = kh_test_tls_get ();
  g_assert_nonnull (tls);

  g_assert_cmpuint (server->tls_port, >, 0);
  g_assert_cmpuint (server->tls_port, !=, server->port);

  g_assert_true (s_client_verifies (server, tls->ca_file, "-verify_hostname", "localhost"));
  g_assert_true (s_client_verifies (server, tls->ca_file, "-verify_ip", "127.0.0.1"));
  g_assert_false (s_client_verifies (server, tls->other_ca_file, "-verify_hostname", "localhost"));
  g_assert_false (s_client_verifies (server, tls->ca_file, "-verify_hostname", "wrong.example"));

  over_tls = tls_cli_ping (server, FALSE);
  g_assert_cmpstr (over_tls, ==, "PONG");

  /* Plain TCP and the Unix socket still work beside TLS. */
  plain = kh_test_server_cli (server, "PING", NULL);
  g_assert_cmpstr (plain, ==, "PONG");

  kh_test_server_stop (server);
}

static void
test_tls_wrong_host (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS_WRONG_HOST);
  const KhTestTls *tls;

  if (server == NULL)
    return;
  tls = kh_test_tls_get ();

  g_assert_false (s_client_verifies (server, tls->ca_file, "-verify_hostname", "localhost"));
  g_assert_false (s_client_verifies (server, tls->ca_file, "-verify_ip", "127.0.0.1"));
  /* The chain itself is fine: only the name is wrong. */
  g_assert_true (s_client_verifies (server, tls->ca_file, "-verify_hostname", "wrong.example"));

  kh_test_server_stop (server);
}

static void
test_tls_unknown_ca (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS_UNKNOWN_CA);
  const KhTestTls *tls;

  if (server == NULL)
    return;
  tls = kh_test_tls_get ();

  g_assert_false (s_client_verifies (server, tls->ca_file, "-verify_hostname", "localhost"));
  g_assert_true (s_client_verifies (server, tls->other_ca_file, "-verify_hostname", "localhost"));

  kh_test_server_stop (server);
}

static void
test_tls_client_auth (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data),
                                               KH_TEST_SERVER_TLS | KH_TEST_SERVER_TLS_CLIENT_AUTH);
  g_autofree char *with_cert = NULL;
  g_autofree char *without_cert = NULL;

  if (server == NULL)
    return;

  with_cert = tls_cli_ping (server, TRUE);
  g_assert_cmpstr (with_cert, ==, "PONG");
  without_cert = tls_cli_ping (server, FALSE);
  g_assert_cmpstr (without_cert, !=, "PONG");

  kh_test_server_stop (server);
}

static void
test_kill_restart (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS);
  g_autoptr(GSocket) after = NULL;
  g_autofree char *set = NULL;
  g_autofree char *get = NULL;
  g_autofree char *unix_path = NULL;
  g_autofree char *over_tls = NULL;
  guint16 port, tls_port;
  GPid old_pid;

  if (server == NULL)
    return;

  set = kh_test_server_cli (server, "SET", "k", "v", NULL);
  g_assert_cmpstr (set, ==, "OK");

  port = server->port;
  tls_port = server->tls_port;
  unix_path = g_strdup (server->unix_path);
  old_pid = server->pid;

  kh_test_server_kill (server);
  g_assert_cmpint (server->pid, ==, 0);
  g_assert_false (pid_alive (old_pid));
  g_assert_null (connect_tcp (port));

  kh_test_server_restart (server);
  g_assert_cmpint (server->pid, >, 0);
  g_assert_cmpint (server->pid, !=, old_pid);
  g_assert_cmpuint (server->port, ==, port);
  g_assert_cmpuint (server->tls_port, ==, tls_port);
  g_assert_cmpstr (server->unix_path, ==, unix_path);

  after = connect_tcp (port);
  g_assert_nonnull (after);
  assert_reply_prefix (after, "PING\r\n", "+PONG");
  over_tls = tls_cli_ping (server, FALSE);
  g_assert_cmpstr (over_tls, ==, "PONG");

  /* Nothing is saved: a restarted server starts empty. */
  get = kh_test_server_cli (server, "EXISTS", "k", NULL);
  g_assert_cmpstr (get, ==, "0");

  kh_test_server_stop (server);
}

static void
test_pause_resume (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[64];
  gssize n;

  if (server == NULL)
    return;

  sock = connect_unix (server->unix_path);
  g_assert_nonnull (sock);
  assert_reply_prefix (sock, "PING\r\n", "+PONG");

  kh_test_server_pause (server);
  g_socket_set_timeout (sock, 0);
  g_assert_cmpint (g_socket_send (sock, "PING\r\n", 6, NULL, &error), ==, 6);
  g_assert_no_error (error);
  /* A stopped server answers nothing. */
  g_assert_false (g_socket_condition_timed_wait (sock, G_IO_IN, 200 * 1000, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_clear_error (&error);

  kh_test_server_resume (server);
  g_assert_true (g_socket_condition_timed_wait (sock, G_IO_IN, 5 * G_USEC_PER_SEC, NULL, &error));
  g_assert_no_error (error);
  n = g_socket_receive (sock, buffer, sizeof buffer - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  buffer[n] = '\0';
  g_assert_true (g_str_has_prefix (buffer, "+PONG"));

  /* Stopping a paused server must not hang. */
  kh_test_server_pause (server);
  kh_test_server_stop (server);
}

static void
test_tls_material (void)
{
  const KhTestTls *tls = kh_test_tls_get ();
  g_autofree char *openssl = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  if (tls == NULL)
    return;

  g_assert_true (g_file_test (tls->ca_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (tls->client_cert, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (tls->client_key, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (tls->other_ca_file, G_FILE_TEST_IS_REGULAR));
  /* Made once per process. */
  g_assert_true (kh_test_tls_get () == tls);

  openssl = g_find_program_in_path ("openssl");
  g_assert_nonnull (openssl);
  {
    const char *argv[] = { openssl, "verify", "-purpose", "sslclient",
                           "-CAfile", tls->ca_file, tls->client_cert, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, NULL);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *argv[] = { openssl, "verify", "-CAfile", tls->other_ca_file,
                           tls->client_cert, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, NULL);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_wait_until (void)
{
  gboolean done = FALSE;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (20, set_flag, &done);
  kh_test_wait_until (&done, 5000);
  g_assert_true (done);
  /* It returned as soon as the flag flipped, not at the timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_wait_until_timeout (void)
{
  if (g_test_subprocess ())
    {
      gboolean never = FALSE;
      kh_test_wait_until (&never, 50);
      return;
    }

  g_test_trap_subprocess (NULL, 5 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*not reached within 50 ms*");
}

/* A GLib critical or warning fails the test that printed it, in every test
 * program (g_test_init() makes them fatal) and in what tests start
 * (G_DEBUG=fatal-warnings in tests/meson.build) */
static void
test_criticals_fatal (void)
{
  if (g_test_subprocess ())
    {
      /* As a notify on a row that went away printed */
      g_object_notify_by_pspec (NULL, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 5 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*g_object_notify_by_pspec*");
}

static void
test_warnings_fatal (void)
{
  if (g_test_subprocess ())
    {
      g_warning ("a warning a test printed");
      return;
    }

  g_test_trap_subprocess (NULL, 5 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*a warning a test printed*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/harness/tls-material", test_tls_material);
  g_test_add_func ("/harness/wait-until/done", test_wait_until);
  g_test_add_func ("/harness/wait-until/timeout", test_wait_until_timeout);
  g_test_add_func ("/harness/criticals-fatal", test_criticals_fatal);
  g_test_add_func ("/harness/warnings-fatal", test_warnings_fatal);

  kh_test_add_for_each_server ("/harness", "start-stop", test_start_stop);
  kh_test_add_for_each_server ("/harness", "cli", test_cli);
  kh_test_add_for_each_server ("/harness", "password", test_password);
  kh_test_add_for_each_server ("/harness", "acl", test_acl);
  kh_test_add_for_each_server ("/harness", "acl-password", test_acl_password);
  kh_test_add_for_each_server ("/harness", "tls", test_tls);
  kh_test_add_for_each_server ("/harness", "tls-wrong-host", test_tls_wrong_host);
  kh_test_add_for_each_server ("/harness", "tls-unknown-ca", test_tls_unknown_ca);
  kh_test_add_for_each_server ("/harness", "tls-client-auth", test_tls_client_auth);
  kh_test_add_for_each_server ("/harness", "kill-restart", test_kill_restart);
  kh_test_add_for_each_server ("/harness", "pause-resume", test_pause_resume);

  return g_test_run ();
}
