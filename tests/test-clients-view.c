/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-clients-view.c: KhClientsView against real redis-server and valkey-server */
#include "config.h"

#include <adwaita.h>

#include "kh-clients-view.h"
#include "kh-test-ui.h"

static gboolean
view_loaded (gpointer data)
{
  return gtk_widget_get_mapped (data) && !kh_clients_view_get_loading (data);
}

static gboolean
view_loaded_or_hidden (gpointer data)
{
  return !kh_clients_view_get_loading (data);
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
              KhSessionFlags  flags)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  KhSession *session;
  gboolean done = FALSE;

  config->host = g_strdup ("127.0.0.1");
  config->port = server->port;
  config->connect_timeout_ms = 5000;
  config->command_timeout_ms = 5000;
  session = kh_session_new (config, flags);
  kh_session_open_async (session, NULL, on_opened, &done);
  kh_test_wait_until (&done, 20000);
  return session;
}

typedef struct {
  gboolean done;
  KhReply *reply;
} Reply;

static void
on_reply (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reply *r = user_data;
  g_autoptr(GError) error = NULL;

  r->reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  g_assert_no_error (error);
  r->done = TRUE;
}

static gint64
session_client_id (KhSession *session)
{
  Reply r = { 0 };
  gint64 id = 0;

  kh_session_send_async (session, kh_command_new_va ("CLIENT", "ID", NULL), NULL, on_reply, &r);
  kh_test_wait_until (&r.done, 10000);
  g_assert_true (kh_reply_get_int64 (r.reply, &id));
  kh_reply_unref (r.reply);
  return id;
}

static KhClientInfo *
find_client (KhClientsView *view,
             guint64        id)
{
  GListModel *model = kh_clients_view_get_model (view);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KhClientInfo) client = g_list_model_get_item (model, i);

      if (kh_client_info_get_id (client) == id)
        return client;
    }
  return NULL;
}

static KhClientsView *
show_view (KhSession  *session,
           GtkWindow **window_out)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = kh_clients_view_new (session);

  gtk_window_set_default_size (window, 900, 600);
  gtk_window_set_child (window, view);
  gtk_window_present (window);
  kh_test_wait_for (view_loaded, view, 20000);
  *window_out = window;
  return KH_CLIENTS_VIEW (view);
}

static gboolean
client_gone (gpointer data)
{
  gpointer *args = data;

  return !kh_clients_view_get_loading (args[0]) &&
         find_client (args[0], GPOINTER_TO_SIZE (args[1])) == NULL;
}

static void
test_clients_view_own_and_kill (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhSession) other = NULL;
  GtkWindow *window;
  KhClientsView *view;
  GtkWidget *kill_button;
  KhClientInfo *own, *victim;
  AdwMessageDialog *dialog;
  gint64 own_id, other_id;
  gpointer args[2];

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  session = open_session (server, KH_SESSION_FLAGS_NONE);
  other = open_session (server, KH_SESSION_FLAGS_NONE);
  own_id = session_client_id (session);
  other_id = session_client_id (other);
  view = show_view (session, &window);
  kill_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_CLIENTS_VIEW, "kill_button"));

  /* Keyhole's connection is known by its CLIENT ID, and listed with its name. */
  g_assert_cmpuint (kh_clients_view_get_own_id (view), ==, (guint64) own_id);
  own = find_client (view, own_id);
  victim = find_client (view, other_id);
  g_assert_nonnull (own);
  g_assert_nonnull (victim);
  g_assert_cmpstr (kh_client_info_get_name (own), ==, "keyhole");
  g_assert_cmpstr (kh_client_info_get_cmd (own), ==, "client|list");

  /* Nothing selected, or our own connection: no kill. */
  g_assert_false (gtk_widget_get_sensitive (kill_button));
  kh_clients_view_select (view, own);
  g_assert_false (gtk_widget_get_sensitive (kill_button));
  gtk_widget_activate_action (GTK_WIDGET (view), "clients.kill", NULL);
  g_assert_null (kh_test_find_message_dialog ());

  /* Another client: asks first, then kills. */
  kh_clients_view_select (view, victim);
  g_assert_true (gtk_widget_get_sensitive (kill_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "clients.kill", NULL));
  dialog = kh_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "kill"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "kill"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");

  /* Cancel leaves it connected. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  kh_clients_view_refresh (view);
  kh_test_wait_for (view_loaded, view, 20000);
  g_assert_nonnull (find_client (view, other_id));

  victim = find_client (view, other_id);
  kh_clients_view_select (view, victim);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "clients.kill", NULL));
  dialog = kh_test_find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "kill");
  gtk_window_destroy (GTK_WINDOW (dialog));
  args[0] = view;
  args[1] = GSIZE_TO_POINTER ((gsize) other_id);
  kh_test_wait_for (client_gone, args, 20000);
  /* Ours is still there. */
  g_assert_nonnull (find_client (view, own_id));
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);

  gtk_window_destroy (window);
  kh_session_close (other);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_clients_view_read_only (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhSession) other = NULL;
  GtkWindow *window;
  KhClientsView *view;
  GtkWidget *kill_button;
  KhClientInfo *victim;
  gint64 other_id;
  guint64 sent;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  session = open_session (server, KH_SESSION_READ_ONLY);
  other = open_session (server, KH_SESSION_FLAGS_NONE);
  other_id = session_client_id (other);
  view = show_view (session, &window);
  kill_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_CLIENTS_VIEW, "kill_button"));

  victim = find_client (view, other_id);
  g_assert_nonnull (victim);
  kh_clients_view_select (view, victim);
  g_assert_false (gtk_widget_get_sensitive (kill_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (kill_button), ==, "This profile is read-only");

  /* Even when asked directly: no dialog, no command. */
  sent = kh_session_get_commands_sent (session);
  gtk_widget_activate_action (GTK_WIDGET (view), "clients.kill", NULL);
  g_assert_null (kh_test_find_message_dialog ());
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);
  g_assert_cmpint (kh_session_get_state (other), ==, KH_SESSION_READY);

  gtk_window_destroy (window);
  kh_session_close (other);
  kh_session_close (session);
  kh_test_server_stop (server);
}

static gboolean
client_shown (gpointer data)
{
  gpointer *args = data;

  return find_client (args[0], GPOINTER_TO_SIZE (args[1])) != NULL;
}

/* While shown the list refreshes itself; hidden, it sends nothing. */
static void
test_clients_view_auto_refresh (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhSession) other = NULL;
  GtkWindow *window;
  KhClientsView *view;
  gint64 other_id;
  guint64 sent;
  gpointer args[2];

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  session = open_session (server, KH_SESSION_FLAGS_NONE);
  view = show_view (session, &window);

  /* A client that connects later shows up without anyone pressing Refresh. */
  other = open_session (server, KH_SESSION_FLAGS_NONE);
  other_id = session_client_id (other);
  g_assert_null (find_client (view, (guint64) other_id));
  g_object_set (view, "refresh-interval", 200, NULL);
  args[0] = view;
  args[1] = GSIZE_TO_POINTER ((gsize) other_id);
  g_assert_true (kh_test_iterate_until (client_shown, args, 10000));

  /* Hidden: no CLIENT LIST goes out. */
  gtk_widget_set_visible (GTK_WIDGET (view), FALSE);
  kh_test_wait_for (view_loaded_or_hidden, view, 10000);
  sent = kh_session_get_commands_sent (session);
  for (guint i = 0; i < 40; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);

  gtk_window_destroy (window);
  kh_session_close (other);
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

  kh_test_add_for_each_server ("/ui/clients-view", "own-and-kill", test_clients_view_own_and_kill);
  kh_test_add_for_each_server ("/ui/clients-view", "read-only", test_clients_view_read_only);
  kh_test_add_for_each_server ("/ui/clients-view", "auto-refresh", test_clients_view_auto_refresh);

  return g_test_run ();
}
