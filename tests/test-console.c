/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-console.c: KhConsoleView typing commands to real redis-server and valkey-server,
 * and the views of MONITOR and Pub/Sub beside it */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-console-view.h"
#include "kh-monitor-view.h"
#include "kh-pubsub-view.h"
#include "kh-test-ui.h"

typedef struct {
  KhTestServer  *server;
  KhSession     *session;
  GtkWindow     *window;
  KhConsoleView *console;
  GtkEntry      *entry;
  GPtrArray     *opened;   /* "open-view" arguments */
} Fixture;

static void
on_opened (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kh_session_open_finish (KH_SESSION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

static void
on_open_view (KhConsoleView *console,
              const char    *view,
              GPtrArray     *opened)
{
  g_ptr_array_add (opened, g_strdup (view));
}

static gboolean
fixture_setup (Fixture          *f,
               KhTestServerKind  kind,
               KhSessionFlags    flags)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  gboolean opened = FALSE;

  memset (f, 0, sizeof *f);
  if (kh_test_skip_without_display ())
    return FALSE;
  f->server = kh_test_server_start (kind, KH_TEST_SERVER_DEFAULT);
  if (f->server == NULL)
    return FALSE;

  config->host = g_strdup ("127.0.0.1");
  config->port = f->server->port;
  f->session = kh_session_new (config, flags);
  kh_session_open_async (f->session, NULL, on_opened, &opened);
  kh_test_wait_until (&opened, 20000);

  f->console = KH_CONSOLE_VIEW (kh_console_view_new (f->session, "test-profile"));
  f->entry = GTK_ENTRY (kh_test_find_widget_of_type (GTK_WIDGET (f->console), GTK_TYPE_ENTRY));
  g_assert_nonnull (f->entry);
  f->opened = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->console, "open-view", G_CALLBACK (on_open_view), f->opened);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (f->console));
  gtk_window_present (f->window);
  kh_test_iterate_briefly ();
  return TRUE;
}

static void
fixture_teardown (Fixture *f)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  kh_test_iterate_briefly ();
  if (f->session != NULL)
    kh_session_close (f->session);
  g_clear_object (&f->session);
  g_clear_pointer (&f->opened, g_ptr_array_unref);
  if (f->server != NULL)
    kh_test_server_stop (f->server);
}

static gboolean
nothing_pending (gpointer data)
{
  return kh_console_view_get_n_pending (KH_CONSOLE_VIEW (data)) == 0;
}

/* Types @line into the entry and presses Enter, then waits for the reply. */
static void
type_line (Fixture    *f,
           const char *line)
{
  gtk_editable_set_text (GTK_EDITABLE (f->entry), line);
  g_signal_emit_by_name (f->entry, "activate");
  kh_test_wait_for (nothing_pending, f->console, 10000);
  kh_test_iterate_briefly ();
}

static GtkTextBuffer *
output_buffer (Fixture *f)
{
  GtkTextView *view = GTK_TEXT_VIEW (kh_test_find_widget_of_type (GTK_WIDGET (f->console), GTK_TYPE_TEXT_VIEW));

  return gtk_text_view_get_buffer (view);
}

static char *
output_text (Fixture *f)
{
  GtkTextBuffer *buffer = output_buffer (f);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
assert_output_contains (Fixture    *f,
                        const char *text)
{
  g_autofree char *all = output_text (f);

  if (strstr (all, text) == NULL)
    g_error ("console output lacks “%s”:\n%s", text, all);
}

/* Whether the last occurrence of @text in the output carries the tag @tag_name. */
static gboolean
last_occurrence_has_tag (Fixture    *f,
                         const char *text,
                         const char *tag_name)
{
  GtkTextBuffer *buffer = output_buffer (f);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter end, match_start, match_end;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_end_iter (buffer, &end);
  if (!gtk_text_iter_backward_search (&end, text, GTK_TEXT_SEARCH_TEXT_ONLY, &match_start, &match_end, NULL))
    return FALSE;
  return gtk_text_iter_has_tag (&match_start, tag);
}

static gboolean
dialog_shown (gpointer data)
{
  return kh_test_find_message_dialog () != NULL;
}

static gboolean
no_dialog_shown (gpointer data)
{
  return kh_test_find_message_dialog () == NULL;
}

/* As a click does: the response, then the dialog goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
count_key_changes (KhSession *session,
                   GBytes    *key,
                   guint      change,
                   guint     *count)
{
  /* Which keys a typed command touched is not worked out */
  g_assert_null (key);
  (*count)++;
}

static void
test_console_replies (gconstpointer data)
{
  Fixture f;
  guint changes = 0;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  g_signal_connect (f.session, "key-changed", G_CALLBACK (count_key_changes), &changes);

  type_line (&f, "SET greeting hello");
  assert_output_contains (&f, "> SET greeting hello\nOK\n");
  /* A write: a value view showing a key checks whether it changed or went */
  g_assert_cmpuint (changes, ==, 1);
  type_line (&f, "INCR counter");
  assert_output_contains (&f, "> INCR counter\n(integer) 1\n");
  type_line (&f, "GET greeting");
  assert_output_contains (&f, "> GET greeting\n\"hello\"\n");
  g_assert_cmpuint (changes, ==, 2);

  type_line (&f, "GET missing");
  assert_output_contains (&f, "> GET missing\n(nil)\n");
  g_assert_true (last_occurrence_has_tag (&f, "(nil)", "dim"));

  /* A nested array, with a nil inside, as redis-cli lines it up. */
  type_line (&f, "EVAL \"return {1, {'a', 'b'}, false}\" 0");
  assert_output_contains (&f, "1) (integer) 1\n2) 1) \"a\"\n   2) \"b\"\n3) (nil)\n");
  g_assert_true (last_occurrence_has_tag (&f, "(nil)", "dim"));
  g_assert_false (last_occurrence_has_tag (&f, "(integer) 1", "dim"));

  type_line (&f, "RPUSH list a b");
  type_line (&f, "LRANGE list 0 -1");
  assert_output_contains (&f, "1) \"a\"\n2) \"b\"\n");

  type_line (&f, "NOSUCHCOMMAND arg");
  assert_output_contains (&f, "(error) ERR unknown command");
  g_assert_true (last_occurrence_has_tag (&f, "(error) ERR unknown command", "error"));

  /* A quoting mistake shows inline, sends nothing and keeps the line to fix. */
  {
    guint64 sent = kh_session_get_commands_sent (f.session);

    type_line (&f, "SET k \"unterminated");
    assert_output_contains (&f, "(error) Unbalanced double quote");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "SET k \"unterminated");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f.entry), "error"));
    g_assert_cmpuint (kh_session_get_commands_sent (f.session), ==, sent);
  }

  /* Ctrl+L's action empties the output. */
  g_assert_cmpuint (kh_console_view_get_n_entries (f.console), >, 0);
  gtk_widget_activate_action (GTK_WIDGET (f.console), "console.clear", NULL);
  g_assert_cmpuint (kh_console_view_get_n_entries (f.console), ==, 0);
  {
    g_autofree char *all = output_text (&f);
    g_assert_cmpstr (all, ==, "");
  }

  g_signal_handlers_disconnect_by_func (f.session, count_key_changes, &changes);
  fixture_teardown (&f);
}

static void
test_console_dangerous (gconstpointer data)
{
  g_autofree char *size = NULL;
  AdwMessageDialog *dialog;
  Fixture f;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  g_free (kh_test_server_cli (f.server, "MSET", "a", "1", "b", "2", NULL));

  /* FLUSHDB asks first, naming the danger; nothing is flushed meanwhile. */
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "FLUSHDB");
  g_signal_emit_by_name (f.entry, "activate");
  kh_test_wait_for (dialog_shown, NULL, 10000);
  dialog = kh_test_find_message_dialog ();
  g_assert_true (strstr (adw_message_dialog_get_body (dialog), "FLUSHDB") != NULL);
  g_assert_true (adw_message_dialog_has_response (dialog, "run"));
  size = kh_test_server_cli (f.server, "DBSIZE", NULL);
  g_assert_cmpstr (size, ==, "2");

  respond (dialog, "cancel");
  kh_test_wait_for (no_dialog_shown, NULL, 10000);
  assert_output_contains (&f, "FLUSHDB was not sent");
  g_clear_pointer (&size, g_free);
  size = kh_test_server_cli (f.server, "DBSIZE", NULL);
  g_assert_cmpstr (size, ==, "2");

  /* Confirmed, it runs. */
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "flushdb");
  g_signal_emit_by_name (f.entry, "activate");
  kh_test_wait_for (dialog_shown, NULL, 10000);
  respond (kh_test_find_message_dialog (), "run");
  kh_test_wait_for (no_dialog_shown, NULL, 10000);
  kh_test_wait_for (nothing_pending, f.console, 10000);
  kh_test_iterate_briefly ();
  assert_output_contains (&f, "> flushdb\nOK\n");
  g_clear_pointer (&size, g_free);
  size = kh_test_server_cli (f.server, "DBSIZE", NULL);
  g_assert_cmpstr (size, ==, "0");

  /* KEYS on a small database runs without asking. */
  g_free (kh_test_server_cli (f.server, "SET", "only", "1", NULL));
  type_line (&f, "KEYS *");
  g_assert_null (kh_test_find_message_dialog ());
  assert_output_contains (&f, "> KEYS *\n1) \"only\"\n");

  /* Past 10 000 keys, KEYS asks first and says how many there are. */
  g_free (kh_test_server_cli (f.server, "EVAL", "for i = 1, 10001 do redis.call('SET', 'k' .. i, i) end", "0", NULL));
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "KEYS k*");
  g_signal_emit_by_name (f.entry, "activate");
  kh_test_wait_for (dialog_shown, NULL, 10000);
  dialog = kh_test_find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "10002"));
  respond (dialog, "cancel");
  kh_test_wait_for (no_dialog_shown, NULL, 10000);
  assert_output_contains (&f, "> KEYS k*\nKEYS was not sent\n");

  fixture_teardown (&f);
}

static void
test_console_read_only (gconstpointer data)
{
  g_autofree char *value = NULL;
  Fixture f;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_READ_ONLY))
    return;

  type_line (&f, "SET x 1");
  assert_output_contains (&f, "(error) This profile is read-only: SET was not sent");
  g_assert_true (last_occurrence_has_tag (&f, "(error) This profile is read-only", "error"));
  value = kh_test_server_cli (f.server, "EXISTS", "x", NULL);
  g_assert_cmpstr (value, ==, "0");

  /* Refused outright: no confirmation for what cannot run anyway. */
  type_line (&f, "FLUSHDB");
  g_assert_null (kh_test_find_message_dialog ());
  assert_output_contains (&f, "(error) This profile is read-only: FLUSHDB was not sent");

  type_line (&f, "PUBLISH news hello");
  assert_output_contains (&f, "(error) This profile is read-only: PUBLISH was not sent");

  /* Reads still work. */
  type_line (&f, "GET x");
  assert_output_contains (&f, "> GET x\n(nil)\n");

  fixture_teardown (&f);
}

static void
test_console_steering (gconstpointer data)
{
  g_autofree char *stats = NULL;
  g_autofree char *numsub = NULL;
  Fixture f;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;

  type_line (&f, "SUBSCRIBE news");
  assert_output_contains (&f, "Pub/Sub view");
  type_line (&f, "PSUBSCRIBE news.*");
  type_line (&f, "MONITOR");
  assert_output_contains (&f, "Monitor view");
  type_line (&f, "BLPOP queue 0");
  assert_output_contains (&f, "LPOP returns at once");
  type_line (&f, "MULTI");
  assert_output_contains (&f, "MULTI was not sent");

  g_assert_cmpuint (f.opened->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f.opened, 0), ==, "pubsub");
  g_assert_cmpstr (g_ptr_array_index (f.opened, 1), ==, "pubsub");
  g_assert_cmpstr (g_ptr_array_index (f.opened, 2), ==, "monitor");

  /* The server never saw them. */
  stats = kh_test_server_cli (f.server, "INFO", "commandstats", NULL);
  g_assert_null (strstr (stats, "cmdstat_subscribe:"));
  g_assert_null (strstr (stats, "cmdstat_psubscribe:"));
  g_assert_null (strstr (stats, "cmdstat_monitor:"));
  g_assert_null (strstr (stats, "cmdstat_blpop:"));
  g_assert_null (strstr (stats, "cmdstat_multi:"));
  numsub = kh_test_server_cli (f.server, "PUBSUB", "NUMSUB", "news", NULL);
  g_assert_cmpstr (numsub, ==, "news\n0");

  /* The shared connection still answers. */
  type_line (&f, "PING");
  assert_output_contains (&f, "> PING\nPONG\n");

  fixture_teardown (&f);
}

static GtkEventController *
entry_key_controller (GtkEntry *entry)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (entry));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        return controller;
    }
  return NULL;
}

static void
press (GtkEventController *keys,
       guint               keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  g_assert_true (handled);
}

static gboolean
entry_is (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  const char *expected = ((gpointer *) data)[1];

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (f->entry)), expected) == 0;
}

static void
test_console_history_and_completion (gconstpointer data)
{
  GtkEventController *keys;
  Fixture f;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  keys = entry_key_controller (f.entry);
  g_assert_nonnull (keys);

  type_line (&f, "PING");
  type_line (&f, "AUTH secret-password");
  type_line (&f, "ECHO 'hi there'");

  /* Up walks back, skipping the secret; Down returns to the draft. */
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "draft");
  press (keys, GDK_KEY_Up);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "ECHO \"hi there\"");
  press (keys, GDK_KEY_Up);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "PING");
  press (keys, GDK_KEY_Down);
  press (keys, GDK_KEY_Down);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "draft");

  /* Tab completes a unique command name, fetching the names once. */
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "hgetal");
  gtk_editable_set_position (GTK_EDITABLE (f.entry), -1);
  press (keys, GDK_KEY_Tab);
  {
    gpointer wanted[] = { &f, (gpointer) "HGETALL " };
    kh_test_wait_for (entry_is, wanted, 10000);
  }

  /* And a subcommand after its container. */
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "config res");
  gtk_editable_set_position (GTK_EDITABLE (f.entry), -1);
  press (keys, GDK_KEY_Tab);
  {
    gpointer wanted[] = { &f, (gpointer) "config RESETSTAT " };
    kh_test_wait_for (entry_is, wanted, 10000);
  }

  fixture_teardown (&f);
}

/* The views of live feeds: MONITOR and Pub/Sub */

static GtkWidget *
template_child (gpointer    view,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (view), type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static gboolean
is_time_label (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) &&
         g_regex_match_simple ("^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}$", gtk_label_get_text (GTK_LABEL (widget)), 0, 0);
}

/* Whether a label below @widget shows a time of arrival, "14:03:27.512" */
static gboolean
has_time_label (GtkWidget *widget)
{
  return kh_test_find_widget (widget, is_time_label, NULL) != NULL;
}

static gboolean
scrolled_down (gpointer data)
{
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (data))) > 0;
}

static gboolean
has_items (gpointer data)
{
  GListModel *model = ((gpointer *) data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *) data)[1]);

  return g_list_model_get_n_items (model) >= n;
}

static void
wait_for_items (GListModel *model,
                guint       n)
{
  gpointer wanted[] = { model, GUINT_TO_POINTER (n) };

  kh_test_wait_for (has_items, wanted, 10000);
}

/* A list longer than its window follows its newest item, until scrolled
 * up. @add_one adds an item and waits for it. */
static void
check_following (GtkScrolledWindow *scroller,
                 void             (*add_one) (gpointer),
                 gpointer           data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 2 * gtk_adjustment_get_page_size (adjustment));
  add_one (data);
  kh_test_wait_for (scrolled_down, scroller, 10000);

  gtk_adjustment_set_value (adjustment, 0);
  add_one (data);
  kh_test_iterate_briefly ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
}

static gboolean
pubsub_confirmed (gpointer data)
{
  return kh_pubsub_is_confirmed (KH_PUBSUB (data), "news", FALSE);
}

static void
on_published (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (kh_pubsub_publish_finish (KH_PUBSUB (object), result, &error), ==, 1);
  g_assert_no_error (error);
}

static void
publish_one (gpointer data)
{
  g_autoptr(GBytes) payload = g_bytes_new_static ("one more", 8);
  KhPubsub *pubsub = data;
  guint n = g_list_model_get_n_items (kh_pubsub_get_messages (pubsub));

  kh_pubsub_publish_async (pubsub, "news", payload, NULL, on_published, NULL);
  wait_for_items (kh_pubsub_get_messages (pubsub), n + 1);
}

static gboolean
news_listed (gpointer data)
{
  GtkWidget *name = kh_test_find_label (GTK_WIDGET (data), "news");

  return name != NULL && kh_test_find_label (gtk_widget_get_parent (name), "1 subscriber") != NULL;
}

static void
test_pubsub_view (gconstpointer data)
{
  KhPubsubView *view;
  KhPubsub *pubsub;
  GListModel *messages;
  Fixture f;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  view = KH_PUBSUB_VIEW (kh_pubsub_view_new (f.session, "test-profile"));
  gtk_window_set_child (f.window, GTK_WIDGET (view));
  pubsub = kh_pubsub_view_get_pubsub (view);
  messages = kh_pubsub_get_messages (pubsub);

  kh_pubsub_view_subscribe (view, "news");
  kh_test_wait_for (pubsub_confirmed, pubsub, 10000);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));

      kh_pubsub_publish_async (pubsub, "news", payload, NULL, on_published, NULL);
    }
  wait_for_items (messages, 300);
  kh_test_iterate_briefly ();

  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (view), "300 messages"));
  g_assert_true (has_time_label (template_child (view, KH_TYPE_PUBSUB_VIEW, "messages_view")));
  check_following (GTK_SCROLLED_WINDOW (template_child (view, KH_TYPE_PUBSUB_VIEW, "messages_scroller")),
                   publish_one, pubsub);

  /* The channels, with their subscribers counted */
  kh_pubsub_view_refresh_channels (view);
  kh_test_wait_for (news_listed, template_child (view, KH_TYPE_PUBSUB_VIEW, "channels_view"), 10000);
  fixture_teardown (&f);
}

static gboolean
monitor_running (gpointer data)
{
  return kh_monitor_get_running (KH_MONITOR (data));
}

static void
on_set_sent (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
}

typedef struct {
  KhSession  *session;
  GListModel *lines;
} MonitorData;

static void
set_one (gpointer data)
{
  MonitorData *monitor = data;
  guint n = g_list_model_get_n_items (monitor->lines);

  kh_session_send_async (monitor->session, kh_command_new_va ("SET", "one", "more", NULL), NULL, on_set_sent, NULL);
  wait_for_items (monitor->lines, n + 1);
}

static gboolean
set_counted (gpointer data)
{
  GtkWidget *name = kh_test_find_label (GTK_WIDGET (data), "SET");

  return name != NULL && kh_test_find_label (gtk_widget_get_parent (name), "300") != NULL;
}

static void
test_monitor_view (gconstpointer data)
{
  KhMonitorView *view;
  MonitorData monitor;
  Fixture f;

  if (!fixture_setup (&f, KH_TEST_KIND (data), KH_SESSION_FLAGS_NONE))
    return;
  view = KH_MONITOR_VIEW (kh_monitor_view_new (f.session, "test-profile"));
  gtk_window_set_child (f.window, GTK_WIDGET (view));
  monitor.session = f.session;
  monitor.lines = kh_monitor_view_get_model (view);

  kh_monitor_view_start (view);
  kh_test_wait_for (monitor_running, kh_monitor_view_get_monitor (view), 10000);
  for (guint i = 0; i < 300; i++)
    kh_session_send_async (f.session, kh_command_new_va ("SET", "key", "value", NULL), NULL, on_set_sent, NULL);
  wait_for_items (monitor.lines, 300);
  kh_test_iterate_briefly ();

  g_assert_true (has_time_label (template_child (view, KH_TYPE_MONITOR_VIEW, "lines_view")));
  /* The commands, counted */
  kh_test_wait_for (set_counted, template_child (view, KH_TYPE_MONITOR_VIEW, "counts_view"), 10000);
  check_following (GTK_SCROLLED_WINDOW (template_child (view, KH_TYPE_MONITOR_VIEW, "lines_scroller")),
                   set_one, &monitor);

  kh_monitor_view_stop (view);
  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  /* History files go to a private folder; G_TEST_OPTION_ISOLATE_DIRS would
   * also hide the system's GSettings schemas from libadwaita. */
  data_home = g_dir_make_tmp ("kh-test-console-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

  kh_test_add_for_each_server ("/ui/console", "replies", test_console_replies);
  kh_test_add_for_each_server ("/ui/console", "dangerous", test_console_dangerous);
  kh_test_add_for_each_server ("/ui/console", "read-only", test_console_read_only);
  kh_test_add_for_each_server ("/ui/console", "steering", test_console_steering);
  kh_test_add_for_each_server ("/ui/console", "history-and-completion", test_console_history_and_completion);
  kh_test_add_for_each_server ("/ui/monitor-view", "follows-lines", test_monitor_view);
  kh_test_add_for_each_server ("/ui/pubsub-view", "follows-messages", test_pubsub_view);

  return g_test_run ();
}
