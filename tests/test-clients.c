/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clients.c: CLIENT LIST, ID and KILL through the core, against real servers */
#include <gio/gio.h>

#include "kh-clients.h"
#include "kh-error.h"
#include "kh-session.h"
#include "kh-test-util.h"

static GPtrArray *
clients_list (KhSession *session,
              GError   **error)
{
  g_auto(KhTestAsync) w = { 0 };

  kh_clients_list_async (session, NULL, kh_test_async_ready, &w);
  return kh_clients_list_finish (session, kh_test_async_wait (&w, 30000), error);
}

static guint64
own_id (KhSession *session,
        GError   **error)
{
  g_auto(KhTestAsync) w = { 0 };

  kh_clients_get_own_id_async (session, NULL, kh_test_async_ready, &w);
  return kh_clients_get_own_id_finish (session, kh_test_async_wait (&w, 30000), error);
}

static gboolean
clients_kill (KhSession *session,
              guint64    id,
              guint     *n_killed,
              GError   **error)
{
  g_auto(KhTestAsync) w = { 0 };

  kh_clients_kill_async (session, id, NULL, kh_test_async_ready, &w);
  return kh_clients_kill_finish (session, kh_test_async_wait (&w, 30000), n_killed, error);
}

static KhClientInfo *
find_client (GPtrArray *clients,
             guint64    id)
{
  for (guint i = 0; i < clients->len; i++)
    if (kh_client_info_get_id (g_ptr_array_index (clients, i)) == id)
      return g_ptr_array_index (clients, i);
  return NULL;
}

/* Another client, on a plain connection (a session would reconnect once killed). */
static KhConnection *
open_victim (KhTestServer *server,
             guint64      *id)
{
  g_autoptr(KhConnectionConfig) config = kh_test_config_tcp (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;
  KhConnection *connection;
  gint64 value;

  config->client_name = g_strdup ("kh-victim");
  connection = kh_test_connection_open (config, &error);
  g_assert_no_error (error);
  reply = kh_test_connection_run_ok (connection, kh_command_new_va ("CLIENT", "ID", NULL));
  g_assert_true (kh_reply_get_int64 (reply, &value));
  *id = (guint64) value;
  return connection;
}

static void
test_list_and_own_id (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhConnection) other = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GError) error = NULL;
  KhClientInfo *own;
  KhClientInfo *victim;
  guint64 id;
  guint64 other_id;

  if (server == NULL)
    return;
  session = kh_test_session_open (server, 0);
  other = open_victim (server, &other_id);

  id = own_id (session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (id, >, 0);
  g_assert_cmpuint (id, !=, other_id);

  clients = clients_list (session, &error);
  g_assert_no_error (error);
  own = find_client (clients, id);
  g_assert_nonnull (own);
  g_assert_cmpstr (kh_client_info_get_name (own), ==, "keyhole");
  g_assert_true (g_str_has_prefix (kh_client_info_get_addr (own), "127.0.0.1:"));
  victim = find_client (clients, other_id);
  g_assert_nonnull (victim);
  g_assert_cmpstr (kh_client_info_get_name (victim), ==, "kh-victim");

  kh_connection_close (other);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static gboolean
client_gone (gpointer data)
{
  gpointer *args = data;
  g_autoptr(GPtrArray) clients = clients_list (args[0], NULL);

  return clients != NULL && find_client (clients, *(guint64 *) args[1]) == NULL;
}

static void
test_kill (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhConnection) other = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GError) error = NULL;
  guint64 other_id;
  guint64 id;
  guint n_killed = 99;
  gpointer args[2];

  if (server == NULL)
    return;
  session = kh_test_session_open (server, 0);
  other = open_victim (server, &other_id);

  g_assert_true (clients_kill (session, other_id, &n_killed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_killed, ==, 1);
  args[0] = session;
  args[1] = &other_id;
  g_assert_true (kh_test_iterate_until (client_gone, args, 5000));

  /* Gone already: nothing to close, and no error. */
  n_killed = 99;
  g_assert_true (clients_kill (session, other_id, &n_killed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_killed, ==, 0);

  /* The server never lets the session close its own connection. */
  id = own_id (session, &error);
  g_assert_no_error (error);
  n_killed = 99;
  g_assert_true (clients_kill (session, id, &n_killed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_killed, ==, 0);
  clients = clients_list (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_client (clients, id));
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);

  kh_session_close (session);
  kh_test_server_stop (server);
}

/* A read-only session sends no KILL: the other client stays. */
static void
test_read_only_kill (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhConnection) other = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GError) error = NULL;
  guint64 other_id;
  guint n_killed = 99;

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_READ_ONLY);
  other = open_victim (server, &other_id);

  g_assert_false (clients_kill (session, other_id, &n_killed, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_READ_ONLY);
  /* The core's own sentence, not the session's about a command. */
  g_assert_cmpstr (error->message, ==, "This profile is read-only: no client was disconnected");
  g_assert_cmpuint (n_killed, ==, 99);
  g_clear_error (&error);

  clients = clients_list (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_client (clients, other_id));

  kh_connection_close (other);
  kh_session_close (session);
  kh_test_server_stop (server);
}

/* A user the ACLs keep from @admin commands gets the server's refusal; its
 * own id it may still ask. */
static void
test_acl_refused (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_ACL);
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhConnection) other = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GError) error = NULL;
  guint64 other_id;

  if (server == NULL)
    return;
  config = kh_test_config_tcp (server);
  config->username = g_strdup (KH_TEST_ACL_READER);
  config->password = g_strdup (KH_TEST_ACL_READER_PASSWORD);
  session = kh_test_session_open_config (config, 0, &error);
  g_assert_no_error (error);
  other = open_victim (server, &other_id);

  g_assert_cmpuint (own_id (session, &error), >, 0);
  g_assert_no_error (error);

  clients = clients_list (session, &error);
  g_assert_null (clients);
  g_assert_error (error, KH_ERROR, KH_ERROR_SERVER);
  g_clear_error (&error);

  g_assert_false (clients_kill (session, other_id, NULL, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_SERVER);
  g_assert_cmpuint (kh_test_server_count_clients (server, "kh-victim"), ==, 1);

  kh_connection_close (other);
  kh_session_close (session);
  kh_test_server_stop (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/clients", "list-and-own-id", test_list_and_own_id);
  kh_test_add_for_each_server ("/core/clients", "kill", test_kill);
  kh_test_add_for_each_server ("/core/clients", "read-only-kill", test_read_only_kill);
  kh_test_add_for_each_server ("/core/clients", "acl-refused", test_acl_refused);

  return g_test_run ();
}
