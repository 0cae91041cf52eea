/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: KhSession against real redis-server and valkey-server */
#include <gio/gio.h>
#include <string.h>

#include "kh-error.h"
#include "kh-session.h"
#include "kh-test-util.h"

static KhConnectionConfig *
config_tcp (KhTestServer *server)
{
  KhConnectionConfig *config = kh_test_config_tcp (server);

  config->connect_timeout_ms = 5000;
  config->command_timeout_ms = 5000;
  return config;
}

#define RUN(session, error, ...) kh_test_session_run (session, kh_command_new_va (__VA_ARGS__, NULL), error)
#define RUN_OK(session, ...) kh_test_session_run_ok (session, kh_command_new_va (__VA_ARGS__, NULL))

static void
on_notify_flag (GObject *object, GParamSpec *pspec, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_open (gconstpointer data)
{
  KhTestServerKind kind = KH_TEST_KIND (data);
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhReply) get = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clients = NULL;
  g_autofree char *cli_version = NULL;
  gboolean notified = FALSE;
  guint64 sent;
  KhTestServer *server = kh_test_server_start (kind, 0);

  if (server == NULL)
    return;

  config = config_tcp (server);
  session = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (kh_session_get_server_kind (session), ==,
                   kind == KH_TEST_SERVER_VALKEY ? KH_SERVER_VALKEY : KH_SERVER_REDIS);
  /* The version the server itself reports: valkey_version on Valkey, not the
   * redis_version compatibility field. */
  cli_version = kh_test_server_cli (server, "INFO", "server", NULL);
  g_assert_nonnull (kh_session_get_server_version (session));
  {
    g_autofree char *line = g_strdup_printf ("%s_version:%s\r",
                                             kind == KH_TEST_SERVER_VALKEY ? "valkey" : "redis",
                                             kh_session_get_server_version (session));
    g_assert_nonnull (strstr (cli_version, line));
  }
  g_assert_true (g_ascii_isdigit (kh_session_get_server_version (session)[0]));
  g_assert_cmpint (kh_session_get_mode (session), ==, KH_SERVER_MODE_STANDALONE);
  g_assert_cmpuint (kh_session_get_maxmemory (session), ==, 0);
  g_assert_cmpstr (kh_session_get_maxmemory_policy (session), ==, "noeviction");
  g_assert_cmpuint (kh_session_get_n_databases (session), ==, 16);
  g_assert_false (kh_session_get_command_probe_failed (session));
  g_assert_true (kh_session_has_command (session, "UNLINK"));
  g_assert_true (kh_session_has_command (session, "unlink"));
  g_assert_true (kh_session_has_command (session, "GETEX"));
  g_assert_true (kh_session_has_command (session, "COPY"));
  g_assert_true (kh_session_has_command (session, "OBJECT"));
  g_assert_false (kh_session_has_command (session, "NOT-A-COMMAND"));
  g_assert_false (kh_session_is_read_only (session));
  g_assert_nonnull (kh_session_get_connection (session));

  /* It names itself, so it can be told apart in CLIENT LIST. */
  clients = kh_test_server_cli (server, "CLIENT", "LIST", NULL);
  g_assert_nonnull (strstr (clients, "name=keyhole "));

  /* Every command it sends is counted, with a notification. */
  sent = kh_session_get_commands_sent (session);
  g_assert_cmpuint (sent, >=, 6); /* PING, CLIENT SETNAME and the probes */
  g_signal_connect (session, "notify::commands-sent", G_CALLBACK (on_notify_flag), &notified);
  get = RUN_OK (session, "GET", "missing");
  g_assert_true (kh_reply_is_nil (get));
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent + 1);
  /* Bursts are coalesced into one notification, soon after. */
  kh_test_wait_until (&notified, 2000);

  kh_session_close (session);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_CLOSED);
  g_assert_null (kh_session_get_connection (session));
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent + 1);
  {
    g_autoptr(GError) closed = NULL;
    g_autoptr(KhReply) none = RUN (session, &closed, "GET", "missing");

    g_assert_error (closed, KH_ERROR, KH_ERROR_CLOSED);
  }
  kh_test_server_stop (server);
}

static void
test_acl_user (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhSession) reader = NULL;
  g_autoptr(KhReply) set = NULL;
  g_autoptr(KhReply) get = NULL;
  g_autoptr(KhReply) whoami = NULL;
  g_autoptr(GError) error = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data),
                                               KH_TEST_SERVER_ACL | KH_TEST_SERVER_PASSWORD);

  if (server == NULL)
    return;

  config = config_tcp (server);
  config->username = g_strdup (KH_TEST_ACL_USER);
  config->password = g_strdup (KH_TEST_ACL_PASSWORD);
  session = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  whoami = RUN_OK (session, "ACL", "WHOAMI");
  g_assert_cmpstr (whoami->str, ==, KH_TEST_ACL_USER);
  set = RUN_OK (session, "SET", "acl:key", "value");
  get = RUN_OK (session, "GET", "acl:key");
  g_assert_cmpstr (get->str, ==, "value");
  g_assert_true (kh_session_has_command (session, "UNLINK"));
  g_assert_cmpuint (kh_session_get_n_databases (session), ==, 16);

  /* A user without CONFIG: the session still opens, with the default 16 databases. */
  g_free (config->username);
  g_free (config->password);
  config->username = g_strdup (KH_TEST_ACL_READER);
  config->password = g_strdup (KH_TEST_ACL_READER_PASSWORD);
  reader = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kh_session_get_server_kind (reader), !=, KH_SERVER_UNKNOWN);
  g_assert_cmpuint (kh_session_get_n_databases (reader), ==, 16);
  g_assert_true (kh_session_has_command (reader, "UNLINK"));

  /* A wrong password fails the open with a reason, and no reconnect loop. */
  g_clear_object (&reader);
  g_free (config->password);
  config->password = g_strdup ("wrong");
  reader = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_null (reader);
  g_assert_error (error, KH_ERROR, KH_ERROR_AUTH_FAILED);

  kh_test_server_stop (server);
}

static void
test_read_only (gconstpointer data)
{
  static const char * const refused[][3] = {
    { "SET", "ro:a", "changed" },
    { "DEL", "ro:a", NULL },
    { "FLUSHDB", NULL, NULL },
  };
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhReply) get = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *set_out = NULL;
  g_autofree char *value = NULL;
  g_autofree char *dbsize = NULL;
  guint64 sent;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);

  if (server == NULL)
    return;

  set_out = kh_test_server_cli (server, "SET", "ro:a", "original", NULL);
  g_assert_cmpstr (set_out, ==, "OK");

  config = config_tcp (server);
  session = kh_test_session_open_config (config, KH_SESSION_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (kh_session_is_read_only (session));
  sent = kh_session_get_commands_sent (session);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) refusal = NULL;
      g_autoptr(KhReply) reply = NULL;
      g_autoptr(KhCommand) command = kh_command_new (refused[i][0]);
      g_autofree char *expected = g_strdup_printf ("This profile is read-only: %s was not sent",
                                                   refused[i][0]);

      for (guint j = 1; j < 3 && refused[i][j] != NULL; j++)
        kh_command_add (command, refused[i][j]);
      reply = kh_test_session_run (session, g_steal_pointer (&command), &refusal);
      g_assert_null (reply);
      g_assert_error (refusal, KH_ERROR, KH_ERROR_READ_ONLY);
      g_assert_cmpstr (refusal->message, ==, expected);
    }

  /* Nothing reached the server... */
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);
  value = kh_test_server_cli (server, "GET", "ro:a", NULL);
  g_assert_cmpstr (value, ==, "original");
  dbsize = kh_test_server_cli (server, "DBSIZE", NULL);
  g_assert_cmpstr (dbsize, ==, "1");

  /* ...and reads still work. */
  get = RUN_OK (session, "GET", "ro:a");
  g_assert_cmpstr (get->str, ==, "original");
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent + 1);

  kh_test_server_stop (server);
}

typedef struct {
  GString *events;
  guint disconnected;
  guint reconnecting;
  guint reconnected;
  guint last_attempt;
  guint last_delay_ms;
  GError *error;
} Events;

static void
on_disconnected (KhSession *session, const GError *error, Events *ev)
{
  ev->disconnected++;
  g_string_append (ev->events, "disconnected ");
  g_clear_error (&ev->error);
  ev->error = g_error_copy (error);
}

static void
on_reconnecting (KhSession *session, guint attempt, guint delay_ms, Events *ev)
{
  ev->reconnecting++;
  ev->last_attempt = attempt;
  ev->last_delay_ms = delay_ms;
  g_string_append_printf (ev->events, "reconnecting(%u) ", attempt);
}

static void
on_reconnected (KhSession *session, Events *ev)
{
  ev->reconnected++;
  g_string_append (ev->events, "reconnected ");
}

static void
wait_for_count (guint *count,
                guint  at_least,
                guint  timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (*count < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (*count, >=, at_least);
}

static void
test_reconnect (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhReply) set = NULL;
  g_autoptr(KhReply) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(KhReply) none = NULL;
  g_autofree char *value = NULL;
  Events ev = { .events = g_string_new (NULL) };
  KhTestAsync selected = { 0 };
  guint64 sent_before;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);

  if (server == NULL)
    return;

  /* Settings a restart undoes */
  g_free (kh_test_server_cli (server, "CONFIG", "SET", "maxmemory", "64mb", NULL));
  g_free (kh_test_server_cli (server, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru", NULL));
  config = config_tcp (server);
  session = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kh_session_get_maxmemory (session), ==, 64 * 1024 * 1024);
  g_assert_cmpstr (kh_session_get_maxmemory_policy (session), ==, "allkeys-lru");
  g_signal_connect (session, "disconnected", G_CALLBACK (on_disconnected), &ev);
  g_signal_connect (session, "reconnecting", G_CALLBACK (on_reconnecting), &ev);
  g_signal_connect (session, "reconnected", G_CALLBACK (on_reconnected), &ev);

  kh_session_select_database_async (session, 2, NULL, kh_test_async_ready, &selected);
  g_assert_true (kh_session_select_database_finish (session, kh_test_async_wait (&selected, 5000), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kh_session_get_database (session), ==, 2);
  kh_test_async_clear (&selected);
  sent_before = kh_session_get_commands_sent (session);

  kh_test_server_kill (server);
  wait_for_count (&ev.reconnecting, 1, 5000);
  g_assert_cmpuint (ev.disconnected, ==, 1);
  g_assert_error (ev.error, KH_ERROR, KH_ERROR_CLOSED);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_RECONNECTING);
  g_assert_cmpuint (ev.last_attempt, ==, 1);
  g_assert_cmpuint (ev.last_delay_ms, >=, 450);
  g_assert_cmpuint (ev.last_delay_ms, <=, 550);
  g_assert_null (kh_session_get_connection (session));

  /* Meanwhile commands fail at once, saying why. */
  none = RUN (session, &refused, "GET", "k");
  g_assert_error (refused, KH_ERROR, KH_ERROR_CLOSED);
  g_assert_nonnull (strstr (refused->message, "Reconnecting to 127.0.0.1:"));
  g_assert_nonnull (strstr (refused->message, "(attempt "));

  kh_test_server_restart (server);
  wait_for_count (&ev.reconnected, 1, 15000);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);
  g_assert_cmpuint (kh_session_get_reconnect_attempt (session), ==, 0);
  g_assert_true (g_str_has_prefix (ev.events->str, "disconnected reconnecting(1) "));
  g_assert_true (g_str_has_suffix (ev.events->str, " reconnected "));
  g_assert_cmpuint (ev.disconnected, ==, 1);

  /* What the server is, learned again: the restart undid the settings */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (kh_session_get_maxmemory (session) != 0 && g_get_monotonic_time () < deadline)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  g_assert_cmpuint (kh_session_get_maxmemory (session), ==, 0);
  g_assert_cmpstr (kh_session_get_maxmemory_policy (session), ==, "noeviction");
  g_assert_nonnull (kh_session_get_server_version (session));

  /* Commands work again, in the database chosen before. */
  set = RUN_OK (session, "SET", "after", "restart");
  g_assert_cmpstr (set->str, ==, "OK");
  value = kh_test_server_cli (server, "-n", "2", "GET", "after", NULL);
  g_assert_cmpstr (value, ==, "restart");
  info = RUN_OK (session, "CLIENT", "INFO");
  g_assert_nonnull (strstr (info->str, " db=2 "));
  g_assert_nonnull (strstr (info->str, " name=keyhole "));
  g_assert_cmpuint (kh_session_get_database (session), ==, 2);
  /* The count goes on across connections. */
  g_assert_cmpuint (kh_session_get_commands_sent (session), >, sent_before + 2);

  g_string_free (ev.events, TRUE);
  g_clear_error (&ev.error);
  kh_test_server_stop (server);
}

/* Managed services refuse COMMAND, and Redis 6 has no COMMAND LIST: both
 * degrade instead of failing. ACL users stand in for those servers. */
static void
test_command_probe_fallback (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) no_command = NULL;
  g_autoptr(KhSession) no_list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out1 = NULL;
  g_autofree char *out2 = NULL;
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);

  if (server == NULL)
    return;

  out1 = kh_test_server_cli (server, "ACL", "SETUSER", "managed", "on", ">managed-pw", "~*", "&*",
                             "+@all", "-command", "-config", NULL);
  g_assert_cmpstr (out1, ==, "OK");
  out2 = kh_test_server_cli (server, "ACL", "SETUSER", "old", "on", ">old-pw", "~*", "&*",
                             "+@all", "-command|list", NULL);
  g_assert_cmpstr (out2, ==, "OK");

  config = config_tcp (server);
  config->username = g_strdup ("managed");
  config->password = g_strdup ("managed-pw");
  no_command = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (kh_session_get_command_probe_failed (no_command));
  g_assert_cmpuint (kh_session_get_n_databases (no_command), ==, 16);
  /* The assumed Redis 6.2 set. */
  g_assert_true (kh_session_has_command (no_command, "UNLINK"));
  g_assert_true (kh_session_has_command (no_command, "GETEX"));
  g_assert_false (kh_session_has_command (no_command, "LMPOP"));
  g_assert_cmpint (kh_session_get_server_kind (no_command), !=, KH_SERVER_UNKNOWN);

  g_free (config->username);
  g_free (config->password);
  config->username = g_strdup ("old");
  config->password = g_strdup ("old-pw");
  no_list = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  /* COMMAND INFO answered for the commands that matter, LMPOP (Redis 7) included. */
  g_assert_false (kh_session_get_command_probe_failed (no_list));
  g_assert_true (kh_session_has_command (no_list, "UNLINK"));
  g_assert_true (kh_session_has_command (no_list, "LMPOP"));
  g_assert_false (kh_session_has_command (no_list, "JSON.GET"));

  kh_test_server_stop (server);
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_close_while_reconnecting (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GError) error = NULL;
  Events ev = { .events = g_string_new (NULL) };
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  gboolean waited = FALSE;

  if (server == NULL)
    return;

  config = config_tcp (server);
  session = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_signal_connect (session, "reconnecting", G_CALLBACK (on_reconnecting), &ev);
  g_signal_connect (session, "reconnected", G_CALLBACK (on_reconnected), &ev);

  kh_test_server_kill (server);
  wait_for_count (&ev.reconnecting, 1, 5000);
  kh_session_close (session);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_CLOSED);

  /* With the server back, a closed session stays closed: past the first
   * backoff delay, nothing reconnects. */
  kh_test_server_restart (server);
  g_timeout_add_once (800, set_flag, &waited);
  kh_test_wait_until (&waited, 5000);
  g_assert_cmpuint (ev.reconnecting, ==, 1);
  g_assert_cmpuint (ev.reconnected, ==, 0);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_CLOSED);
  g_assert_cmpuint (kh_session_get_reconnect_attempt (session), ==, 0);

  g_string_free (ev.events, TRUE);
  kh_test_server_stop (server);
}

/* Retry Now: the backoff wait is skipped, once */
static void
test_reconnect_now (gconstpointer data)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GError) error = NULL;
  Events ev = { .events = g_string_new (NULL) };
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);

  if (server == NULL)
    return;

  config = config_tcp (server);
  session = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_false (kh_session_reconnect_now (session));
  g_signal_connect (session, "reconnecting", G_CALLBACK (on_reconnecting), &ev);
  g_signal_connect (session, "reconnected", G_CALLBACK (on_reconnected), &ev);

  kh_test_server_kill (server);
  wait_for_count (&ev.reconnecting, 1, 5000);
  kh_test_server_restart (server);
  /* The wait ends now; a second call finds the attempt on its way */
  g_assert_true (kh_session_reconnect_now (session));
  g_assert_false (kh_session_reconnect_now (session));
  wait_for_count (&ev.reconnected, 1, 15000);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);
  g_assert_cmpuint (ev.reconnecting, ==, 1);

  g_string_free (ev.events, TRUE);
  kh_test_server_stop (server);
}

static void
test_open_refused (void)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing listens on port 1. */
  config->host = g_strdup ("127.0.0.1");
  config->port = 1;
  session = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_null (session);
  g_assert_error (error, KH_ERROR, KH_ERROR_REFUSED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/session", "open", test_open);
  kh_test_add_for_each_server ("/core/session", "acl-user", test_acl_user);
  kh_test_add_for_each_server ("/core/session", "read-only", test_read_only);
  kh_test_add_for_each_server ("/core/session", "command-probe-fallback", test_command_probe_fallback);
  kh_test_add_for_each_server ("/core/session", "reconnect", test_reconnect);
  kh_test_add_for_each_server ("/core/session", "close-while-reconnecting", test_close_while_reconnecting);
  kh_test_add_for_each_server ("/core/session", "reconnect-now", test_reconnect_now);
  g_test_add_func ("/core/session/open-refused", test_open_refused);

  return g_test_run ();
}
