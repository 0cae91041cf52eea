/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-view.c: KhServerView showing a KhServerSampler's samples of a real redis-server and valkey-server */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "kh-chart.h"
#include "kh-server-view.h"
#include "kh-test-ui.h"
#include "kh-test-util.h"

#define POLL_MS 250

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static void
wait_for_samples (KhServerSampler *sampler,
                  guint            n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (kh_server_sampler_get_n_samples (sampler) < n && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  g_assert_cmpuint (kh_server_sampler_get_n_samples (sampler), >=, n);
}

static KhServerSampler *
start_sampler (KhSession *session,
               gboolean   economy)
{
  KhServerSampler *sampler = kh_server_sampler_new (session, economy);

  kh_server_sampler_set_interval (sampler, POLL_MS);
  g_assert_cmpuint (kh_server_sampler_get_interval (sampler), ==, POLL_MS);
  return sampler;
}

static KhSession *
open_session (KhTestServer *server,
              const char   *username,
              const char   *password)
{
  g_autoptr(KhConnectionConfig) config = kh_test_config_tcp (server);
  g_autoptr(GError) error = NULL;
  KhSession *session;

  config->username = g_strdup (username);
  config->password = g_strdup (password);
  config->connect_timeout_ms = 5000;
  config->command_timeout_ms = 5000;
  session = kh_test_session_open_config (config, KH_SESSION_FLAGS_NONE, &error);
  g_assert_no_error (error);
  return session;
}

static KhServerView *
show_view (KhServerSampler *sampler,
           GtkWindow      **window_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  KhServerView *view = KH_SERVER_VIEW (kh_server_view_new (sampler));

  gtk_window_set_default_size (window, 1200, 800);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);

  *window_out = window;
  return view;
}

static const char *
template_label (KhServerView *view,
                const char   *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_SERVER_VIEW, name);

  g_assert_true (GTK_IS_LABEL (child));
  return gtk_label_get_label (GTK_LABEL (child));
}

static void
test_server_view_poll (gconstpointer data)
{
  KhTestServerKind kind = KH_TEST_KIND (data);
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhServerSampler) sampler = NULL;
  g_autofree char *expected = NULL;
  GtkWindow *window;
  KhServerView *view;
  KhMetrics *metrics;
  const KhRingBuffer *ops;
  guint n_before;
  double last_ops;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (kind, KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  session = open_session (server, NULL, NULL);
  g_assert_nonnull (kh_session_get_server_version (session));

  /* The history starts with the connection, before the page is first shown. */
  sampler = start_sampler (session, FALSE);
  g_assert_true (kh_server_sampler_get_polling (sampler));
  wait_for_samples (sampler, 3);
  n_before = kh_server_sampler_get_n_samples (sampler);
  view = show_view (sampler, &window);
  metrics = kh_server_view_get_metrics (view);
  g_assert_true (metrics == kh_server_sampler_get_metrics (sampler));
  g_assert_cmpuint (kh_ring_buffer_get_length (kh_metrics_get_series (metrics, KH_METRICS_USED_MEMORY)), >=, n_before);

  /* The facts are there at once, from the samples taken before. */
  expected = g_strdup_printf ("%s %s", kind == KH_TEST_SERVER_VALKEY ? "Valkey" : "Redis",
                              kh_session_get_server_version (session));
  g_assert_cmpstr (template_label (view, "version_label"), ==, expected);
  g_assert_cmpstr (template_label (view, "mode_label"), ==, "Standalone");
  g_assert_cmpstr (template_label (view, "role_label"), ==, "Primary");
  g_assert_cmpstr (template_label (view, "maxmemory_label"), ==, "No limit");
  g_assert_cmpstr (template_label (view, "aof_label"), ==, "Off");
  /* The harness starts servers with `save ""`. */
  g_assert_cmpstr (template_label (view, "rdb_label"), ==, "Snapshots are off");
  /* INFO everything worked: nothing is reported missing. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_SERVER_VIEW, "status_label"))));
  g_assert_nonnull (strstr (template_label (view, "commands_note"), "taken off"));

  /* Only Keyhole talks to this server, and its own commands are taken off. */
  wait_for_samples (sampler, n_before + 2);
  g_assert_true (kh_metrics_get_own_commands_subtracted (metrics));
  ops = kh_metrics_get_series (metrics, KH_METRICS_OPS_PER_SEC);
  last_ops = kh_ring_buffer_get_value (ops, kh_ring_buffer_get_length (ops) - 1, 0);
  g_assert_true (isfinite (last_ops));
  g_assert_cmpfloat (last_ops, <, 0.5);

  /* Another client's keys show up per database. */
  g_free (kh_test_server_cli (server, "SET", "a", "1", NULL));
  g_free (kh_test_server_cli (server, "SET", "b", "2", NULL));
  iterate_for (3 * POLL_MS);
  g_assert_cmpstr (template_label (view, "keys_label"), ==, "db0: 2 keys");
  /* Counts are grouped as on the Keys page: "1,502", not "1502". */
  g_free (kh_test_server_cli (server, "EVAL", "for i = 1, 1500 do redis.call('SET', 'k' .. i, i) end", "0", NULL));
  iterate_for (3 * POLL_MS);
  g_assert_cmpstr (template_label (view, "keys_label"), ==, "db0: 1,502 keys");

  /* Hidden, the view no longer watches, but without economy mode sampling goes on. */
  gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_true (kh_server_sampler_get_polling (sampler));
  n_before = kh_server_sampler_get_n_samples (sampler);
  wait_for_samples (sampler, n_before + 2);

  gtk_window_destroy (window);
  /* The sampler outlives the page: the session owns the history. */
  g_assert_true (kh_server_sampler_get_polling (sampler));
  kh_server_sampler_stop (sampler);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_server_view_economy (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhServerSampler) sampler = NULL;
  GtkWindow *window;
  KhServerView *view;
  const KhRingBuffer *memory;
  gboolean gap = FALSE;
  guint64 sent_before, sent_after;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  session = open_session (server, NULL, NULL);
  sampler = start_sampler (session, TRUE);
  g_assert_false (kh_server_sampler_get_polling (sampler));

  /* Economy mode samples while the page is shown... */
  view = show_view (sampler, &window);
  wait_for_samples (sampler, 2);
  g_assert_true (kh_server_sampler_get_polling (sampler));

  /* ...and not while it is hidden: no command goes out in three intervals. */
  gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
  g_assert_false (kh_server_sampler_get_polling (sampler));
  iterate_for (POLL_MS);   /* a poll already sent completes */
  sent_before = kh_session_get_commands_sent (session);
  iterate_for (3 * POLL_MS + 100);
  sent_after = kh_session_get_commands_sent (session);
  g_assert_cmpuint (sent_after, ==, sent_before);

  /* Shown again, it samples again, and the charts break the line over the gap. */
  gtk_widget_set_visible (GTK_WIDGET (view), TRUE);
  g_assert_true (kh_server_sampler_get_polling (sampler));
  iterate_for (3 * POLL_MS + 100);
  g_assert_cmpuint (kh_session_get_commands_sent (session), >=, sent_after + 2);
  memory = kh_metrics_get_series (kh_server_view_get_metrics (view), KH_METRICS_USED_MEMORY);
  for (guint i = 0; i < kh_ring_buffer_get_length (memory); i++)
    gap |= isnan (kh_ring_buffer_get_value (memory, i, 0));
  g_assert_true (gap);

  gtk_window_destroy (window);
  g_assert_false (kh_server_sampler_get_polling (sampler));
  kh_server_sampler_stop (sampler);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static int
find_series (KhChart    *chart,
             const char *name)
{
  for (guint i = 0; i < kh_chart_get_n_series (chart); i++)
    if (g_strcmp0 (kh_chart_get_series_name (chart, i), name) == 0)
      return (int) i;
  return -1;
}

static void
send_many (KhSession  *session,
           guint       n,
           const char *first_arg,
           ...)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KhCommand) command = kh_command_new (first_arg);
      g_autoptr(KhReply) reply = NULL;
      const char *arg;
      va_list ap;

      va_start (ap, first_arg);
      while ((arg = va_arg (ap, const char *)) != NULL)
        kh_command_add (command, arg);
      va_end (ap);
      reply = kh_test_session_run_ok (session, g_steal_pointer (&command));
    }
}

static void
test_server_view_colors (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhSession) other = NULL;
  g_autoptr(KhServerSampler) sampler = NULL;
  GtkWindow *window;
  KhServerView *view;
  KhChart *chart;
  GdkRGBA set_before, set_after;
  int set_series;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  session = open_session (server, NULL, NULL);
  /* Another client: its commands are the ones charted. */
  other = open_session (server, NULL, NULL);
  sampler = start_sampler (session, FALSE);
  view = show_view (sampler, &window);
  chart = KH_CHART (gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_SERVER_VIEW, "commands_chart"));

  send_many (other, 40, "SET", "k", "v", NULL);
  wait_for_samples (sampler, kh_server_sampler_get_n_samples (sampler) + 2);
  set_series = find_series (chart, "SET");
  g_assert_cmpint (set_series, ==, 1);
  kh_chart_get_series_color (chart, (guint) set_series, &set_before);

  /* Busier commands come first on the chart, and SET moves down the legend. */
  send_many (other, 200, "GET", "k", NULL);
  send_many (other, 150, "INCR", "n", NULL);
  wait_for_samples (sampler, kh_server_sampler_get_n_samples (sampler) + 2);
  set_series = find_series (chart, "SET");
  g_assert_cmpint (set_series, >, 1);
  kh_chart_get_series_color (chart, (guint) set_series, &set_after);
  g_assert_true (gdk_rgba_equal (&set_before, &set_after));
  /* The other commands took other colours. */
  for (guint i = 0; i < kh_chart_get_n_series (chart); i++)
    {
      GdkRGBA color;

      kh_chart_get_series_color (chart, i, &color);
      if ((int) i != set_series)
        g_assert_false (gdk_rgba_equal (&color, &set_after));
    }

  gtk_window_destroy (window);
  kh_server_sampler_stop (sampler);
  kh_session_close (other);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_server_view_info_refused (gconstpointer data)
{
  KhTestServerKind kind = KH_TEST_KIND (data);
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhServerSampler) sampler = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *expected = NULL;
  GObject *status;
  GObject *chart;
  GtkWindow *window;
  KhServerView *view;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (kind, KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  /* Like a managed service: INFO only for some sections, never commandstats. */
  reply = kh_test_server_cli (server, "ACL", "SETUSER", "limited", "on", ">limited-pw", "~*", "&*",
                              "+@all", "-info", "+info|server", "+info|clients", "+info|memory",
                              "+info|persistence", "+info|stats", "+info|replication",
                              "+info|keyspace", NULL);
  g_assert_cmpstr (reply, ==, "OK");

  session = open_session (server, "limited", "limited-pw");
  sampler = start_sampler (session, FALSE);
  view = show_view (sampler, &window);
  wait_for_samples (sampler, 2);

  expected = g_strdup_printf ("%s %s", kind == KH_TEST_SERVER_VALKEY ? "Valkey" : "Redis",
                              kh_session_get_server_version (session));
  g_assert_cmpstr (template_label (view, "version_label"), ==, expected);
  g_assert_cmpstr (template_label (view, "uptime_label"), !=, "—");

  /* The user is told what is missing, and the command chart shows the total only. */
  status = gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_SERVER_VIEW, "status_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (status)), "does not report commandstats"));
  chart = gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_SERVER_VIEW, "commands_chart");
  g_assert_cmpuint (kh_chart_get_n_series (KH_CHART (chart)), ==, 1);

  gtk_window_destroy (window);
  kh_server_sampler_stop (sampler);
  kh_session_close (session);
  kh_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

  kh_test_add_for_each_server ("/ui/server-view", "poll", test_server_view_poll);
  kh_test_add_for_each_server ("/ui/server-view", "info-refused", test_server_view_info_refused);
  kh_test_add_for_each_server ("/ui/server-view", "economy", test_server_view_economy);
  kh_test_add_for_each_server ("/ui/server-view", "colors", test_server_view_colors);

  return g_test_run ();
}
