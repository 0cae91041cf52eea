/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-monitor.c: KhMonitor against real redis-server and valkey-server */
#include <string.h>

#include "kh-error.h"
#include "kh-monitor.h"
#include "kh-test-util.h"

typedef struct {
  gboolean done;
  gboolean ok;
  GError  *error;
} Result;

static void
on_started (GObject *object, GAsyncResult *res, gpointer data)
{
  Result *r = data;

  r->ok = kh_monitor_start_finish (KH_MONITOR (object), res, &r->error);
  r->done = TRUE;
}

/* The newest line whose command is @name with @key as first argument. */
static KhMonitorLine *
find_line (KhMonitor  *monitor,
           const char *name,
           const char *key)
{
  GListModel *lines = kh_monitor_get_lines (monitor);

  for (guint i = g_list_model_get_n_items (lines); i > 0; i--)
    {
      g_autoptr(KhMonitorLine) line = g_list_model_get_item (lines, i - 1);
      const KhCommand *command = kh_monitor_line_get_command (line);
      gsize len = 0;
      const char *arg;

      if (g_strcmp0 (kh_monitor_line_get_command_name (line), name) != 0 ||
          kh_command_get_n_args (command) < 2)
        continue;
      arg = kh_command_get_arg (command, 1, &len);
      if (len == strlen (key) && memcmp (arg, key, len) == 0)
        return g_steal_pointer (&line);
    }
  return NULL;
}

typedef struct {
  KhMonitor  *monitor;
  const char *name;
  const char *key;
} Wanted;

static gboolean
line_arrived (gpointer data)
{
  Wanted *wanted = data;
  g_autoptr(KhMonitorLine) line = find_line (wanted->monitor, wanted->name, wanted->key);

  return line != NULL;
}

static gboolean
has_dropped (gpointer data)
{
  return kh_monitor_get_n_dropped (KH_MONITOR (data)) > 0;
}

static void
test_monitor_stream (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhMonitor) monitor = NULL;
  g_autoptr(KhMonitorLine) line = NULL;
  g_autofree char *out = NULL;
  Result r = { 0 };
  Wanted wanted;
  guint baseline;

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  monitor = kh_monitor_new (session);
  baseline = kh_test_server_count_clients (server, NULL);

  kh_monitor_start_async (monitor, NULL, on_started, &r);
  g_assert_true (kh_monitor_get_active (monitor));
  kh_test_wait_until (&r.done, 10000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_true (kh_monitor_get_running (monitor));
  /* One more connection, under its own name. */
  g_assert_cmpuint (kh_test_server_count_clients (server, NULL), ==, baseline + 1);
  g_assert_cmpuint (kh_test_server_count_clients (server, KH_MONITOR_CLIENT_NAME), ==, 1);

  /* A command from another client shows up, parsed. */
  out = kh_test_server_cli (server, "SET", "x", "1", NULL);
  g_assert_cmpstr (out, ==, "OK");
  wanted = (Wanted) { monitor, "SET", "x" };
  g_assert_true (kh_test_iterate_until (line_arrived, &wanted, 5000));
  line = find_line (monitor, "SET", "x");
  g_assert_true (g_str_has_prefix (kh_monitor_line_get_client (line), "unix:"));
  g_assert_cmpuint (kh_monitor_line_get_database (line), ==, 0);
  g_assert_cmpint (ABS (kh_monitor_line_get_time_us (line) - g_get_real_time ()), <, 60 * G_USEC_PER_SEC);
  g_assert_cmpuint (kh_monitor_get_command_count (monitor, "SET"), >=, 1);
  g_assert_cmpuint (kh_monitor_get_command_count (monitor, "set"), >=, 1);
  {
    g_auto(GStrv) names = kh_monitor_dup_command_names (monitor);
    g_assert_true (g_strv_contains ((const char * const *) names, "SET"));
  }

  /* Paused: the connection stays, lines are counted but not listed. */
  kh_monitor_set_paused (monitor, TRUE);
  g_clear_pointer (&out, g_free);
  out = kh_test_server_cli (server, "SET", "paused-key", "2", NULL);
  g_assert_true (kh_test_iterate_until (has_dropped, monitor, 5000));
  g_assert_null (find_line (monitor, "SET", "paused-key"));
  g_assert_true (kh_monitor_get_running (monitor));
  kh_monitor_set_paused (monitor, FALSE);

  /* Stopped: CLIENT LIST is back to what it was. */
  kh_monitor_stop (monitor);
  g_assert_false (kh_monitor_get_running (monitor));
  g_assert_false (kh_monitor_get_active (monitor));
  g_assert_true (kh_test_server_wait_for_clients (server, baseline));
  g_assert_cmpuint (kh_test_server_count_clients (server, KH_MONITOR_CLIENT_NAME), ==, 0);

  kh_test_server_stop (server);
}

static void
test_monitor_bounded (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhMonitor) monitor = NULL;
  GListModel *lines;
  Result r = { 0 };
  Wanted wanted;
  guint baseline;

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  baseline = kh_test_server_count_clients (server, NULL);
  monitor = kh_monitor_new (session);
  kh_monitor_set_max_lines (monitor, 3);
  lines = kh_monitor_get_lines (monitor);

  kh_monitor_start_async (monitor, NULL, on_started, &r);
  kh_test_wait_until (&r.done, 10000);
  g_assert_true (r.ok);

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);
      g_autofree char *out = kh_test_server_cli (server, "GET", key, NULL);
      (void) out;
    }
  wanted = (Wanted) { monitor, "GET", "k5" };
  g_assert_true (kh_test_iterate_until (line_arrived, &wanted, 5000));
  /* Only the newest three are kept; the oldest went first. */
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 3);
  g_assert_null (find_line (monitor, "GET", "k0"));
  g_assert_cmpuint (kh_monitor_get_command_count (monitor, "GET"), >=, 6);

  kh_monitor_clear (monitor);
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 0);
  g_assert_cmpuint (kh_monitor_get_command_count (monitor, "GET"), ==, 0);

  /* Dropping the monitor closes its connection too. */
  g_clear_object (&monitor);
  g_assert_true (kh_test_server_wait_for_clients (server, baseline));

  kh_test_server_stop (server);
}

typedef struct {
  gboolean done;
  GError  *error;
} Stopped;

static void
on_stopped (KhMonitor *monitor,
            GError    *error,
            gpointer   data)
{
  Stopped *stopped = data;

  g_assert_nonnull (error);
  stopped->error = g_error_copy (error);
  stopped->done = TRUE;
}

static void
test_monitor_lost (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhMonitor) monitor = NULL;
  g_autofree char *out = NULL;
  Stopped lost = { 0 };
  Result r = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  monitor = kh_monitor_new (session);
  g_signal_connect (monitor, "stopped", G_CALLBACK (on_stopped), &lost);

  kh_monitor_start_async (monitor, NULL, on_started, &r);
  kh_test_wait_until (&r.done, 10000);
  g_assert_true (r.ok);

  /* The server drops the monitor: the stream ends with the reason. */
  {
    g_autofree char *list = kh_test_server_cli (server, "CLIENT", "LIST", NULL);
    g_auto(GStrv) lines = g_strsplit (list, "\n", -1);
    g_autofree char *id = NULL;

    for (guint i = 0; lines[i] != NULL && id == NULL; i++)
      if (strstr (lines[i], " name=" KH_MONITOR_CLIENT_NAME " ") != NULL && g_str_has_prefix (lines[i], "id="))
        id = g_strndup (lines[i] + 3, strcspn (lines[i] + 3, " "));
    g_assert_nonnull (id);
    out = kh_test_server_cli (server, "CLIENT", "KILL", "ID", id, NULL);
    g_assert_cmpstr (out, ==, "1");
  }
  kh_test_wait_until (&lost.done, 5000);
  g_assert_nonnull (lost.error);
  g_assert_true (lost.error->domain == KH_ERROR);
  g_clear_error (&lost.error);
  g_assert_false (kh_monitor_get_running (monitor));
  g_assert_false (kh_monitor_get_active (monitor));

  kh_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/monitor", "stream", test_monitor_stream);
  kh_test_add_for_each_server ("/core/monitor", "bounded", test_monitor_bounded);
  kh_test_add_for_each_server ("/core/monitor", "connection-lost", test_monitor_lost);

  return g_test_run ();
}
