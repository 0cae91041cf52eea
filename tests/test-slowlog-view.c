/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-slowlog-view.c: KhSlowlogView against real redis-server and valkey-server */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-slowlog-entry.h"
#include "kh-slowlog-view.h"
#include "kh-test-ui.h"

static gboolean
view_loaded (gpointer data)
{
  return gtk_widget_get_mapped (data) && !kh_slowlog_view_get_loading (data);
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  g_assert_true (kh_session_open_finish (KH_SESSION (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static KhSession *
open_session (KhTestServer   *server,
              const char     *username,
              const char     *password,
              KhSessionFlags  flags)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  KhSession *session;
  gboolean done = FALSE;

  config->host = g_strdup ("127.0.0.1");
  config->port = server->port;
  config->username = g_strdup (username);
  config->password = g_strdup (password);
  config->connect_timeout_ms = 5000;
  config->command_timeout_ms = 5000;
  session = kh_session_new (config, flags);
  kh_session_open_async (session, NULL, on_opened, &done);
  kh_test_wait_until (&done, 20000);
  return session;
}

static KhSlowlogView *
show_view (KhSession  *session,
           GtkWindow **window_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = kh_slowlog_view_new (session);

  gtk_window_set_default_size (window, 900, 600);
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  kh_test_wait_for (view_loaded, view, 20000);
  *window_out = window;
  return KH_SLOWLOG_VIEW (view);
}

static GtkWidget *
template_widget (gpointer    view,
                 const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_SLOWLOG_VIEW, name));
}

static gboolean
view_empty (gpointer data)
{
  return !kh_slowlog_view_get_loading (data) &&
         g_list_model_get_n_items (kh_slowlog_view_get_model (data)) == 0;
}

static void
test_slowlog_view_list_and_reset (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  GtkWindow *window;
  KhSlowlogView *view;
  GListModel *model;
  AdwMessageDialog *dialog;
  g_autofree char *len = NULL;
  gboolean found = FALSE;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  /* Log everything while another client runs a command with a spaced argument,
   * then stop logging so the view's own commands do not show up. */
  g_free (kh_test_server_cli (server, "CONFIG", "SET", "slowlog-log-slower-than", "0", NULL));
  g_free (kh_test_server_cli (server, "SET", "greeting", "hello world", NULL));
  g_free (kh_test_server_cli (server, "CONFIG", "SET", "slowlog-log-slower-than", "1000000", NULL));

  session = open_session (server, NULL, NULL, KH_SESSION_FLAGS_NONE);
  view = show_view (session, &window);

  model = kh_slowlog_view_get_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 2);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KhSlowlogEntry) entry = g_list_model_get_item (model, i);

      if (g_strcmp0 (kh_slowlog_entry_get_command (entry), "SET greeting \"hello world\"") == 0)
        {
          found = TRUE;
          g_assert_cmpint (kh_slowlog_entry_get_timestamp (entry), >, 1600000000);
          g_assert_cmpstr (kh_slowlog_entry_get_client_addr (entry), !=, "");
        }
    }
  g_assert_true (found);

  /* Both doctors answer on a default server. */
  g_assert_true (gtk_widget_get_visible (template_widget (view, "memory_doctor_expander")));
  g_assert_false (gtk_widget_get_visible (template_widget (view, "memory_doctor_note")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_widget (view, "memory_doctor_label"))), !=, "");
  g_assert_true (gtk_widget_get_visible (template_widget (view, "latency_doctor_expander")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_widget (view, "latency_doctor_label"))), !=, "");

  /* Reset asks first; cancelling keeps the log. */
  g_assert_true (gtk_widget_get_sensitive (template_widget (view, "reset_button")));
  gtk_widget_activate_action (GTK_WIDGET (view), "slowlog.reset", NULL);
  dialog = kh_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Reset the slow log?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "reset"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  kh_test_wait_for (view_loaded, view, 20000);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 2);

  gtk_widget_activate_action (GTK_WIDGET (view), "slowlog.reset", NULL);
  dialog = kh_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "reset");
  gtk_window_destroy (GTK_WINDOW (dialog));
  kh_test_wait_for (view_empty, view, 20000);
  len = kh_test_server_cli (server, "SLOWLOG", "LEN", NULL);
  g_assert_cmpstr (len, ==, "0");

  gtk_window_destroy (window);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_slowlog_view_read_only_and_refused (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *len = NULL;
  GtkWindow *window;
  KhSlowlogView *view;
  GtkWidget *note;
  guint64 sent;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  g_free (kh_test_server_cli (server, "CONFIG", "SET", "slowlog-log-slower-than", "0", NULL));
  g_free (kh_test_server_cli (server, "PING", NULL));
  /* A user without MEMORY, as some managed services have. */
  reply = kh_test_server_cli (server, "ACL", "SETUSER", "nomem", "on", ">nomem-pw", "~*", "&*",
                              "+@all", "-memory", NULL);
  g_assert_cmpstr (reply, ==, "OK");

  session = open_session (server, "nomem", "nomem-pw", KH_SESSION_READ_ONLY);
  view = show_view (session, &window);
  g_assert_cmpuint (g_list_model_get_n_items (kh_slowlog_view_get_model (view)), >, 0);

  /* The refused doctor is hidden, with the reason. */
  g_assert_false (gtk_widget_get_visible (template_widget (view, "memory_doctor_expander")));
  note = template_widget (view, "memory_doctor_note");
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (note)), "MEMORY DOCTOR"));
  g_assert_true (gtk_widget_get_visible (template_widget (view, "latency_doctor_expander")));

  /* Read-only: Reset is off, and refused when asked directly. */
  g_assert_false (gtk_widget_get_sensitive (template_widget (view, "reset_button")));
  sent = kh_session_get_commands_sent (session);
  gtk_widget_activate_action (GTK_WIDGET (view), "slowlog.reset", NULL);
  g_assert_null (kh_test_find_message_dialog ());
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);
  len = kh_test_server_cli (server, "SLOWLOG", "LEN", NULL);
  g_assert_cmpstr (len, !=, "0");

  gtk_window_destroy (window);
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

  kh_test_add_for_each_server ("/ui/slowlog-view", "list-and-reset", test_slowlog_view_list_and_reset);
  kh_test_add_for_each_server ("/ui/slowlog-view", "read-only-and-refused", test_slowlog_view_read_only_and_refused);

  return g_test_run ();
}
