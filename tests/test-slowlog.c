/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-slowlog.c: SLOWLOG GET and RESET and the doctors through the core,
 * against real servers */
#include <gio/gio.h>
#include <string.h>

#include "kh-error.h"
#include "kh-session.h"
#include "kh-slowlog.h"
#include "kh-test-util.h"

static void
run (KhSession  *session,
     const char *line)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);

  kh_reply_unref (kh_test_session_run_ok (session, kh_command_new_argv (g_strv_length (argv),
                                                                       (const char **) argv, NULL)));
}

static GPtrArray *
slowlog_get (KhSession *session,
             guint      max_entries,
             GError   **error)
{
  g_auto(KhTestAsync) w = { 0 };

  kh_slowlog_get_async (session, max_entries, NULL, kh_test_async_ready, &w);
  return kh_slowlog_get_finish (session, kh_test_async_wait (&w, 30000), error);
}

static gboolean
slowlog_reset (KhSession *session,
               GError   **error)
{
  g_auto(KhTestAsync) w = { 0 };

  kh_slowlog_reset_async (session, NULL, kh_test_async_ready, &w);
  return kh_slowlog_reset_finish (session, kh_test_async_wait (&w, 30000), error);
}

static char *
doctor (KhSession       *session,
        KhSlowlogDoctor  which,
        GError         **error)
{
  g_auto(KhTestAsync) w = { 0 };

  kh_slowlog_doctor_async (session, which, NULL, kh_test_async_ready, &w);
  return kh_slowlog_doctor_finish (session, kh_test_async_wait (&w, 30000), error);
}

/* The entry that logged SET @key, or NULL. */
static KhSlowlogEntry *
find_set (GPtrArray  *entries,
          const char *key)
{
  for (guint i = 0; i < entries->len; i++)
    {
      KhSlowlogEntry *entry = g_ptr_array_index (entries, i);
      GBytes *arg;

      if (kh_slowlog_entry_get_n_args (entry) < 2)
        continue;
      arg = kh_slowlog_entry_get_arg (entry, 1);
      if (g_bytes_get_size (arg) == strlen (key) && memcmp (g_bytes_get_data (arg, NULL), key, strlen (key)) == 0)
        return entry;
    }
  return NULL;
}

/* Every command is slow from now on. */
static void
log_everything (KhSession *session)
{
  run (session, "CONFIG SET slowlog-log-slower-than 0");
}

static void
test_get_and_reset (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) few = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  KhSlowlogEntry *entry;

  if (server == NULL)
    return;
  session = kh_test_session_open (server, 0);
  log_everything (session);
  run (session, "SET kh-slow-key kh-slow-value");
  run (session, "PING");
  run (session, "PING");

  entries = slowlog_get (session, 128, &error);
  g_assert_no_error (error);
  entry = find_set (entries, "kh-slow-key");
  g_assert_nonnull (entry);
  g_assert_cmpuint (kh_slowlog_entry_get_n_args (entry), ==, 3);
  g_assert_cmpstr (kh_slowlog_entry_get_command (entry), ==, "SET kh-slow-key kh-slow-value");
  g_assert_cmpstr (kh_slowlog_entry_get_client_name (entry), ==, "keyhole");
  g_assert_true (g_str_has_prefix (kh_slowlog_entry_get_client_addr (entry), "127.0.0.1:"));
  /* Newest first. */
  for (guint i = 1; i < entries->len; i++)
    g_assert_cmpuint (kh_slowlog_entry_get_id (entries->pdata[i - 1]), >, kh_slowlog_entry_get_id (entries->pdata[i]));

  few = slowlog_get (session, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (few->len, ==, 2);
  g_assert_null (find_set (few, "kh-slow-key"));

  g_assert_true (slowlog_reset (session, &error));
  g_assert_no_error (error);
  after = slowlog_get (session, 128, &error);
  g_assert_no_error (error);
  g_assert_null (find_set (after, "kh-slow-key"));
  g_assert_cmpuint (after->len, <, entries->len);

  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_doctors (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  KhSlowlogDoctor doctors[] = { KH_SLOWLOG_DOCTOR_MEMORY, KH_SLOWLOG_DOCTOR_LATENCY };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, 0);
  g_assert_cmpstr (kh_slowlog_doctor_get_command (KH_SLOWLOG_DOCTOR_MEMORY), ==, "MEMORY DOCTOR");
  g_assert_cmpstr (kh_slowlog_doctor_get_command (KH_SLOWLOG_DOCTOR_LATENCY), ==, "LATENCY DOCTOR");

  for (guint i = 0; i < G_N_ELEMENTS (doctors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *report = doctor (session, doctors[i], &error);
      gsize length;

      g_assert_no_error (error);
      g_assert_nonnull (report);
      length = strlen (report);
      g_assert_cmpuint (length, >, 0);
      g_assert_true (g_utf8_validate (report, -1, NULL));
      /* Stripped: the page shows it as it comes. */
      g_assert_false (g_ascii_isspace (report[0]));
      g_assert_false (g_ascii_isspace (report[length - 1]));
    }

  kh_session_close (session);
  kh_test_server_stop (server);
}

/* A read-only session sends no RESET: what was logged stays. */
static void
test_read_only_reset (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) writer = NULL;
  g_autoptr(KhSession) reader = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;
  writer = kh_test_session_open (server, 0);
  log_everything (writer);
  run (writer, "SET kh-slow-key kept");
  reader = kh_test_session_open (server, KH_SESSION_READ_ONLY);

  g_assert_false (slowlog_reset (reader, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_READ_ONLY);
  /* The core's own sentence, not the session's about a command. */
  g_assert_cmpstr (error->message, ==, "This profile is read-only: the slow log was not reset");
  g_clear_error (&error);

  /* Reading is allowed, and the entry is still there. */
  entries = slowlog_get (reader, 128, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_set (entries, "kh-slow-key"));

  kh_session_close (reader);
  kh_session_close (writer);
  kh_test_server_stop (server);
}

/* A user the ACLs keep from @admin commands gets the server's refusal. */
static void
test_acl_refused (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_ACL);
  g_autoptr(KhConnectionConfig) config = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;
  config = kh_test_config_tcp (server);
  config->username = g_strdup (KH_TEST_ACL_READER);
  config->password = g_strdup (KH_TEST_ACL_READER_PASSWORD);
  session = kh_test_session_open_config (config, 0, &error);
  g_assert_no_error (error);

  entries = slowlog_get (session, 128, &error);
  g_assert_null (entries);
  g_assert_error (error, KH_ERROR, KH_ERROR_SERVER);
  g_clear_error (&error);

  g_assert_false (slowlog_reset (session, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_SERVER);

  kh_session_close (session);
  kh_test_server_stop (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/slowlog", "get-and-reset", test_get_and_reset);
  kh_test_add_for_each_server ("/core/slowlog", "doctors", test_doctors);
  kh_test_add_for_each_server ("/core/slowlog", "read-only-reset", test_read_only_reset);
  kh_test_add_for_each_server ("/core/slowlog", "acl-refused", test_acl_refused);

  return g_test_run ();
}
