/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-shortcuts-checks.c: what each shortcut of the shortcuts window does,
 * pressed in the context its group names, for test-shortcuts */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-large-text-view.h"
#include "test-shortcuts.h"

/* General */

static void
check_new_window (const char *accel)
{
  guint before = g_list_length (gtk_application_get_windows (GTK_APPLICATION (f.app)));
  GList *windows;

  kh_test_focus_window (GTK_WINDOW (f.window));
  kh_test_press (accel);
  windows = gtk_application_get_windows (GTK_APPLICATION (f.app));
  g_assert_cmpuint (g_list_length (windows), ==, before + 1);
  /* The newest first */
  g_assert_true (KH_IS_WINDOW (windows->data) && windows->data != f.window);
  gtk_window_destroy (GTK_WINDOW (windows->data));
  kh_test_iterate_briefly ();
}

static void
check_preferences (const char *accel)
{
  kh_test_focus_window (GTK_WINDOW (f.window));
  kh_test_press (accel);
  kh_test_wait_for (dialog_shown, GSIZE_TO_POINTER (KH_TYPE_PREFERENCES_WINDOW), 5000);
  gtk_window_destroy (GTK_WINDOW (find_shown (KH_TYPE_PREFERENCES_WINDOW)));
}

static void
check_shortcuts_window (const char *accel)
{
  kh_test_focus_window (GTK_WINDOW (f.window));
  kh_test_press (accel);
  kh_test_wait_for (dialog_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), 5000);
  gtk_window_close (GTK_WINDOW (find_shown (GTK_TYPE_SHORTCUTS_WINDOW)));
  kh_test_wait_for (dialog_hidden, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW), 5000);
}

static gboolean
on_close_request (GtkWindow *window,
                  guint     *count)
{
  (*count)++;
  return GDK_EVENT_STOP;  /* the test goes on with this window */
}

static void
check_quit (const char *accel)
{
  guint closed = 0;
  gulong handler = g_signal_connect (f.window, "close-request", G_CALLBACK (on_close_request), &closed);

  kh_test_focus_window (GTK_WINDOW (f.window));
  kh_test_press (accel);
  g_signal_handler_disconnect (f.window, handler);
  /* Quitting asks each window to close */
  g_assert_cmpuint (closed, ==, 1);
}

/* Tabs */

static void
check_show_connections (const char *accel)
{
  AdwTabView *tabs = kh_window_get_tab_view (f.window);

  focus_key_row ("greeting");
  kh_test_press (accel);
  g_assert_true (adw_tab_view_get_selected_page (tabs) == adw_tab_view_get_nth_page (tabs, 0));
  g_assert_true (focus_in (GTK_WIDGET (kh_window_get_profiles_page (f.window))));
}

static void
check_close_tab (const char *accel)
{
  AdwTabView *tabs = kh_window_get_tab_view (f.window);
  g_autoptr(KhProfile) other = kh_profile_dup (f.profile);
  KhSessionView *view;
  guint n;

  /* A second tab, to close */
  kh_profile_set_id (other, "other");
  kh_profile_set_name (other, "Other");
  view = kh_window_open_profile (f.window, other);
  n = adw_tab_view_get_n_pages (tabs);
  g_assert_true (adw_tab_view_get_selected_page (tabs) == adw_tab_view_get_page (tabs, GTK_WIDGET (view)));
  kh_test_focus_window (GTK_WINDOW (f.window));
  kh_test_press (accel);
  kh_test_iterate_briefly ();
  g_assert_cmpuint (adw_tab_view_get_n_pages (tabs), ==, n - 1);
  g_assert_nonnull (adw_tab_view_get_page (tabs, GTK_WIDGET (f.view)));
}

/* Dialogs */

static void
check_save_connection (const char *accel)
{
  KhProfileDialog *dialog;

  show_page ("keys");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.edit-profile", "s",
                                             kh_profile_get_id (f.profile)));
  kh_test_wait_for (dialog_shown, GSIZE_TO_POINTER (KH_TYPE_PROFILE_DIALOG), 5000);
  dialog = KH_PROFILE_DIALOG (find_shown (KH_TYPE_PROFILE_DIALOG));
  kh_test_focus_window (GTK_WINDOW (dialog));
  kh_test_press (accel);
  /* Saved, it closes */
  kh_test_wait_for (dialog_hidden, GSIZE_TO_POINTER (KH_TYPE_PROFILE_DIALOG), 10000);
  g_assert_nonnull (kh_profile_store_find (f.store, kh_profile_get_id (f.profile), NULL));
}

/* Opens the New Key dialog with Ctrl+Enter on a key row: it is modal, over the window */
static KhNewKeyDialog *
open_new_key_dialog (void)
{
  GtkWindow *dialog;

  focus_key_row ("greeting");
  kh_test_press ("<Primary>Return");
  kh_test_wait_for (dialog_shown, GSIZE_TO_POINTER (KH_TYPE_NEW_KEY_DIALOG), 5000);
  dialog = GTK_WINDOW (find_shown (KH_TYPE_NEW_KEY_DIALOG));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f.window));
  g_assert_true (gtk_window_get_modal (dialog));
  kh_test_focus_window (dialog);
  return KH_NEW_KEY_DIALOG (dialog);
}

static void
check_new_key (const char *accel)
{
  g_assert_cmpstr (accel, ==, "<Primary>Return");
  open_new_key_dialog ();
  kh_test_press ("Escape");
  kh_test_wait_for (dialog_hidden, GSIZE_TO_POINTER (KH_TYPE_NEW_KEY_DIALOG), 5000);
  assert_focus_back_in_list ();
}

/* The key made is selected, and the value side shows it */
static void
check_create_key (const char *accel)
{
  KhNewKeyDialog *dialog = open_new_key_dialog ();

  kh_new_key_dialog_set_name (dialog, "made:by-keyboard");
  kh_new_key_dialog_set_content (dialog, NULL, "hello", 0);
  kh_test_press (accel);
  kh_test_wait_for (key_exists, "made:by-keyboard", 10000);
  kh_test_wait_for (dialog_hidden, GSIZE_TO_POINTER (KH_TYPE_NEW_KEY_DIALOG), 5000);
  kh_test_wait_for (selected_is, "made:by-keyboard", 10000);
  kh_test_wait_for (value_shows, "made:by-keyboard", 10000);
  assert_focus_back_in_list ();
}

/* Escape closes each kind of dialog, and the focus goes back where it was */
static void
check_close_dialog (const char *accel)
{
  GtkWidget *row;

  /* A message dialog: Go to Key */
  row = focus_key_row ("greeting");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.go-to-key", NULL));
  wait_for_message_dialog ("Go to Key");
  kh_test_focus_window (GTK_WINDOW (kh_test_find_message_dialog ()));
  kh_test_press (accel);
  kh_test_wait_for (message_dialog_hidden, NULL, 5000);
  kh_test_wait_for (focus_is_in, row, 5000);

  /* The New Key dialog */
  open_new_key_dialog ();
  kh_test_press (accel);
  kh_test_wait_for (dialog_hidden, GSIZE_TO_POINTER (KH_TYPE_NEW_KEY_DIALOG), 5000);
  assert_focus_back_in_list ();

  /* The connection dialog */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.add-connection", NULL));
  kh_test_wait_for (dialog_shown, GSIZE_TO_POINTER (KH_TYPE_PROFILE_DIALOG), 5000);
  kh_test_focus_window (GTK_WINDOW (find_shown (KH_TYPE_PROFILE_DIALOG)));
  kh_test_press (accel);
  kh_test_wait_for (dialog_hidden, GSIZE_TO_POINTER (KH_TYPE_PROFILE_DIALOG), 5000);
}

/* Console */

static KhConsoleView *
focus_console (void)
{
  GtkWidget *console;

  show_page ("console");
  console = kh_test_find_widget_of_type (GTK_WIDGET (f.view), KH_TYPE_CONSOLE_VIEW);
  g_assert_nonnull (console);
  /* The command line has the focus when the page is shown */
  kh_test_wait_for (focus_is_in, kh_test_find_widget_of_type (console, GTK_TYPE_ENTRY), 5000);
  return KH_CONSOLE_VIEW (console);
}

static GtkEditable *
console_entry (KhConsoleView *console)
{
  return GTK_EDITABLE (kh_test_find_widget_of_type (GTK_WIDGET (console), GTK_TYPE_ENTRY));
}

static void
check_complete_command (const char *accel)
{
  KhConsoleView *console = focus_console ();
  GtkEditable *entry = console_entry (console);

  gtk_editable_set_text (entry, "PIN");
  gtk_editable_set_position (entry, -1);
  kh_test_press (accel);
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (entry), "PING"));
  /* Tab stayed in the command line */
  g_assert_true (focus_in (GTK_WIDGET (entry)));
  gtk_editable_set_text (entry, "");
}

static gboolean
console_answered (gpointer console)
{
  return kh_console_view_get_n_entries (console) > 0 && kh_console_view_get_n_pending (console) == 0;
}

/* A command in the history */
static void
send_console_command (KhConsoleView *console,
                      const char    *line)
{
  gtk_editable_set_text (console_entry (console), line);
  kh_test_press ("Return");
  kh_test_wait_for (console_answered, console, 10000);
  g_assert_cmpstr (gtk_editable_get_text (console_entry (console)), ==, "");
}

static void
check_previous_command (const char *accel)
{
  KhConsoleView *console = focus_console ();

  send_console_command (console, "ECHO up");
  kh_test_press (accel);
  g_assert_cmpstr (gtk_editable_get_text (console_entry (console)), ==, "ECHO up");
  gtk_editable_set_text (console_entry (console), "");
}

static void
check_next_command (const char *accel)
{
  KhConsoleView *console = focus_console ();

  send_console_command (console, "ECHO first");
  send_console_command (console, "ECHO second");
  kh_test_press ("Up");
  kh_test_press ("Up");
  g_assert_cmpstr (gtk_editable_get_text (console_entry (console)), ==, "ECHO first");
  kh_test_press (accel);
  g_assert_cmpstr (gtk_editable_get_text (console_entry (console)), ==, "ECHO second");
  gtk_editable_set_text (console_entry (console), "");
}

static void
check_clear_console (const char *accel)
{
  KhConsoleView *console = focus_console ();
  AdwTabView *tabs = kh_window_get_tab_view (f.window);

  send_console_command (console, "ECHO clear-me");
  g_assert_cmpuint (kh_console_view_get_n_entries (console), >, 0);
  kh_test_press (accel);
  g_assert_cmpuint (kh_console_view_get_n_entries (console), ==, 0);
  /* Only that: the tab stays */
  g_assert_true (adw_tab_view_get_selected_page (tabs) == adw_tab_view_get_page (tabs, GTK_WIDGET (f.view)));
}

/* Slow Log and Clients */

static gboolean
calls_above (gpointer data)
{
  const char *name = ((const char **) data)[0];
  guint64 before = GPOINTER_TO_SIZE (((gpointer *) data)[1]);

  return command_calls (name) > before;
}

static gboolean
clients_loaded (gpointer view)
{
  return !kh_clients_view_get_loading (view) && g_list_model_get_n_items (kh_clients_view_get_model (view)) > 0;
}

static gboolean
slowlog_loaded (gpointer view)
{
  return !kh_slowlog_view_get_loading (view);
}

/* Refresh asks the server again, in both views */
static void
check_refresh (const char *accel)
{
  static const struct { const char *page; const char *command; } views[] = {
    { "slowlog", "slowlog|get" },
    { "clients", "client|list" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      gpointer args[2];
      GtkWidget *view;

      show_page (views[i].page);
      view = kh_test_find_widget_of_type (GTK_WIDGET (f.view), i == 0 ? KH_TYPE_SLOWLOG_VIEW : KH_TYPE_CLIENTS_VIEW);
      kh_test_wait_for (i == 0 ? slowlog_loaded : clients_loaded, view, 10000);
      /* Something in the view has the focus: its first button */
      g_assert_true (gtk_widget_grab_focus (kh_test_find_widget_of_type (view, GTK_TYPE_BUTTON)));
      g_assert_true (focus_in (view));
      args[0] = (gpointer) views[i].command;
      args[1] = GSIZE_TO_POINTER (command_calls (views[i].command));
      kh_test_press (accel);
      kh_test_wait_for (calls_above, args, 10000);
    }
}

/* The row of another client than Keyhole's own */
static KhClientInfo *
find_other_client (KhClientsView *view)
{
  GListModel *model = kh_clients_view_get_model (view);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KhClientInfo) client = g_list_model_get_item (model, i);

      if (g_strcmp0 (kh_client_info_get_name (client), "bystander") == 0)
        return client;
    }
  return NULL;
}

static gboolean
other_client_listed (gpointer view)
{
  return find_other_client (view) != NULL;
}

static void
check_disconnect_client (const char *accel)
{
  g_autoptr(KhConnection) other = NULL;
  g_autoptr(KhConnectionConfig) config = kh_test_config_tcp (f.server);
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view;
  GtkWidget *list;

  /* Someone else's connection, to disconnect */
  other = kh_test_connection_open (config, &error);
  g_assert_no_error (error);
  reply = kh_test_connection_run_ok (other, kh_command_new_va ("CLIENT", "SETNAME", "bystander", NULL));

  show_page ("clients");
  view = kh_test_find_widget_of_type (GTK_WIDGET (f.view), KH_TYPE_CLIENTS_VIEW);
  kh_clients_view_refresh (KH_CLIENTS_VIEW (view));
  kh_test_wait_for (other_client_listed, view, 10000);
  kh_clients_view_select (KH_CLIENTS_VIEW (view), find_other_client (KH_CLIENTS_VIEW (view)));
  list = kh_test_find_widget_of_type (view, GTK_TYPE_COLUMN_VIEW);
  g_assert_true (gtk_widget_grab_focus (list));
  kh_test_press (accel);
  /* It asks first */
  wait_for_message_dialog ("Disconnect");
  escape_message_dialog ();
  kh_test_wait_for (focus_is_in, list, 5000);
}

/* Finding Keys */

static void
check_find_keys (const char *accel)
{
  focus_key_row ("greeting");
  kh_test_press (accel);
  g_assert_true (focus_in (GTK_WIDGET (f.browser->search_entry)));
}

static void
check_go_to_key (const char *accel)
{
  GtkWidget *entry;

  focus_key_row ("greeting");
  kh_test_press (accel);
  entry = adw_message_dialog_get_extra_child (wait_for_message_dialog ("Go to Key"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "queue");
  /* Enter answers with the default response */
  kh_test_focus_window (GTK_WINDOW (kh_test_find_message_dialog ()));
  kh_test_press ("Return");
  kh_test_wait_for (message_dialog_hidden, NULL, 5000);
  kh_test_wait_for (selected_is, "queue", 5000);
  assert_focus_back_in_list ();
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
check_rescan (const char *accel)
{
  guint notified = 0;
  gulong handler;

  focus_key_row ("greeting");
  handler = g_signal_connect (f.browser, "notify::loading", G_CALLBACK (count_notify), &notified);
  kh_test_press (accel);
  g_signal_handler_disconnect (f.browser, handler);
  /* A load started */
  g_assert_cmpuint (notified, >, 0);
  kh_test_wait_for (browser_idle, NULL, 20000);
}

/* One after the other, as a user switches: the list keeps the focus */
static void
check_list_view (const char *accel)
{
  focus_key_row ("greeting");
  kh_test_press ("<Primary>2");
  g_assert_cmpstr (kh_key_browser_get_view_mode (f.browser), ==, "tree");
  kh_test_press (accel);
  g_assert_cmpstr (kh_key_browser_get_view_mode (f.browser), ==, "list");
  g_assert_true (focus_in (GTK_WIDGET (f.browser->list_view)));
}

static void
check_tree_view (const char *accel)
{
  focus_key_row ("greeting");
  kh_test_press (accel);
  g_assert_cmpstr (kh_key_browser_get_view_mode (f.browser), ==, "tree");
  g_assert_true (focus_in (GTK_WIDGET (f.browser->list_view)));
  kh_test_press ("<Primary>1");
  g_assert_cmpstr (kh_key_browser_get_view_mode (f.browser), ==, "list");
}

static gboolean
details_loaded (gpointer item)
{
  return kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED;
}

/* In economy mode (the profile's), details come only when asked for */
static void
check_load_details (const char *accel)
{
  g_autoptr(KhKeyItem) item = NULL;

  g_assert_true (kh_key_browser_get_economy (f.browser));
  focus_key_row ("tags");
  item = kh_key_browser_dup_selected_item (f.browser);
  g_assert_cmpint (kh_key_item_get_metadata_state (item), !=, KH_KEY_METADATA_LOADED);
  kh_test_press (accel);
  kh_test_wait_for (details_loaded, item, 5000);
}

/* Values */

static GtkTextView *
focus_string_editor (const char *name)
{
  GtkWidget *text;

  focus_key_row (name);
  text = kh_test_find_widget_of_type (value_view (), GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (text);
  g_assert_true (gtk_widget_grab_focus (text));
  return GTK_TEXT_VIEW (text);
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
server_value_is (gpointer data)
{
  const char *const *key_value = data;
  g_autofree char *value = cli ("GET", key_value[0], NULL);

  return g_strcmp0 (value, key_value[1]) == 0;
}

static void
check_save_value (const char *accel)
{
  const char *expected[] = { "greeting", "saved" };

  focus_string_editor ("greeting");
  kh_test_press ("<Primary>a");
  type_text (expected[1]);
  kh_test_press (accel);
  kh_test_wait_for (server_value_is, expected, 10000);
}

static gboolean
editor_reads (gpointer data)
{
  GtkWidget *text = kh_test_find_widget_of_type (value_view (), GTK_TYPE_TEXT_VIEW);
  g_autofree char *shown = text != NULL ? buffer_text (GTK_TEXT_VIEW (text)) : NULL;

  return g_strcmp0 (shown, data) == 0;
}

static void
check_reload_value (const char *accel)
{
  static guint round;
  g_autofree char *value = g_strdup_printf ("changed elsewhere %u", round++);
  g_autofree char *ok = NULL;

  focus_string_editor ("greeting");
  ok = cli ("SET", "greeting", value, NULL);
  kh_test_press (accel);
  kh_test_wait_for (editor_reads, value, 10000);
}

static gboolean clipboard_read    (gpointer      data);
static void     on_clipboard_text (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      data);

static gboolean
large_view_ready (gpointer view)
{
  return !kh_large_text_view_get_loading (view) && kh_large_text_view_get_n_rows (view) > 0;
}

/* The large value view of "long-line", with the keyboard in it */
static GtkWidget *
focus_large_view (void)
{
  GtkWidget *view;

  focus_key_row ("long-line");
  view = kh_test_find_widget_of_type (value_view (), KH_TYPE_LARGE_TEXT_VIEW);
  g_assert_nonnull (view);
  kh_test_wait_for (large_view_ready, view, 10000);
  g_assert_true (gtk_widget_grab_focus (view));
  return view;
}

static char *
copy_from_large_view (const char *copy_accel)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f.window));
  char *text = NULL;

  gdk_clipboard_set_text (clipboard, "something else");
  kh_test_press (copy_accel);
  gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text, &text);
  kh_test_wait_for (clipboard_read, &text, 5000);
  return text;
}

/* Ctrl+A then Ctrl+C: the whole value, each shortcut checked by the other */
static void
check_select_large_value (const char *accel)
{
  g_autofree char *text = NULL;

  focus_large_view ();
  kh_test_press (accel);
  text = copy_from_large_view ("<Primary>c");
  g_assert_cmpuint (strlen (text), ==, LONG_LINE_LENGTH);
}

static void
check_copy_large_selection (const char *accel)
{
  g_autofree char *text = NULL;

  focus_large_view ();
  kh_test_press ("<Primary>a");
  text = copy_from_large_view (accel);
  g_assert_cmpuint (strlen (text), ==, LONG_LINE_LENGTH);
  g_assert_cmpint (text[0], ==, 'x');
}

/* F2 in the value side renames there, in place */
static void
check_rename_key (const char *accel)
{
  GtkWidget *view;
  GtkWidget *focus;

  focus_string_editor ("greeting");
  view = value_view ();
  kh_test_press (accel);
  focus = focus_widget ();
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, view));
  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "greeting");
  g_assert_null (kh_test_find_message_dialog ());
  kh_test_press ("Escape");
}

/* Delete on a field of a hash asks, then removes the field */
static void
check_remove_item (const char *accel)
{
  GtkWidget *list;
  GtkWidget *row;
  gint64 before = hash_len ();

  focus_key_row ("profile");
  list = kh_test_find_widget_of_type (value_view (), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (list);
  row = find_row (list, "field0");
  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (list)), 0, TRUE);
  g_assert_true (gtk_widget_grab_focus (row));
  kh_test_press (accel);
  kh_test_wait_for (message_dialog_shown, NULL, 5000);
  answer_message_dialog ("confirm");
  kh_test_wait_for (hash_shrank, GSIZE_TO_POINTER (before), 10000);
  /* Back in the list of fields */
  kh_test_wait_for (focus_is_in, list, 5000);
}

/* Changing Keys */

static gboolean
clipboard_read (gpointer data)
{
  return *(char **) data != NULL;
}

static void
on_clipboard_text (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
check_copy_name (const char *accel)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f.window));
  g_autofree char *text = NULL;

  gdk_clipboard_set_text (clipboard, "something else");
  focus_key_row ("queue");
  kh_test_press (accel);
  gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text, &text);
  kh_test_wait_for (clipboard_read, &text, 5000);
  g_assert_cmpstr (text, ==, "queue");
}

static void
check_rename (const char *accel)
{
  focus_key_row ("queue");
  kh_test_press (accel);
  wait_for_message_dialog ("Rename “queue”");
  escape_message_dialog ();
  assert_focus_back_in_list ();
}

/* Enter in the dialog sets the TTL */
static void
check_set_ttl (const char *accel)
{
  g_autofree char *ok = cli ("PERSIST", "queue", NULL);

  g_assert_cmpint (cli_int ("TTL", "queue", NULL), ==, -1);
  focus_key_row ("queue");
  kh_test_press (accel);
  wait_for_message_dialog ("Set the TTL of “queue”");
  kh_test_focus_window (GTK_WINDOW (kh_test_find_message_dialog ()));
  kh_test_press ("Return");
  kh_test_wait_for (message_dialog_hidden, NULL, 5000);
  assert_focus_back_in_list ();
  for (guint i = 0; i < 100 && cli_int ("TTL", "queue", NULL) < 0; i++)
    kh_test_iterate_briefly ();
  g_assert_cmpint (cli_int ("TTL", "queue", NULL), >, 0);
}

static gboolean
ttl_cleared (gpointer name)
{
  return cli_int ("TTL", name, NULL) == -1;
}

static void
check_clear_ttl (const char *accel)
{
  g_autofree char *ok = cli ("EXPIRE", "queue", "3600", NULL);

  focus_key_row ("queue");
  kh_test_press (accel);
  kh_test_wait_for (ttl_cleared, "queue", 10000);
}

/* Delete asks; once confirmed, the key is gone and the list keeps the focus */
void
check_delete_key (const char *accel)
{
  static guint round;
  g_autofree char *name = g_strdup_printf ("doomed:%u", round++);
  g_autofree char *ok = cli ("SET", name, "x", NULL);
  g_autofree char *heading = g_strdup_printf ("Delete “%s”?", name);

  focus_key_row ("greeting");
  kh_key_browser_rescan (f.browser);
  focus_key_row (name);
  kh_test_press (accel);
  wait_for_message_dialog (heading);
  answer_message_dialog ("delete");
  kh_test_wait_for (key_gone, name, 10000);
  assert_focus_back_in_list ();
}

/* The position of the namespace row @name in the tree view */
static guint
namespace_position (const char *name)
{
  GListModel *model = kh_key_browser_get_model (f.browser);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (model, i);
      g_autoptr(KhKeyItem) item = kh_key_browser_item_from_row (object);

      if (item != NULL && kh_key_item_get_is_namespace (item) && g_strcmp0 (kh_key_item_get_name (item), name) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static void
check_delete_namespace (const char *accel)
{
  GtkWidget *row;

  focus_key_row ("greeting");
  kh_key_browser_set_view_mode (f.browser, "tree");
  kh_test_iterate_briefly ();
  gtk_single_selection_set_selected (f.browser->selection, namespace_position ("ns"));
  kh_test_iterate_briefly ();
  row = find_row (GTK_WIDGET (f.browser->list_view), "ns");
  g_assert_true (gtk_widget_grab_focus (row));
  kh_test_press (accel);
  /* It counts the keys first, and asks */
  wait_for_message_dialog ("Delete Every Key in “ns:”?");
  escape_message_dialog ();
  assert_focus_back_in_list ();
  g_assert_true (key_exists ((gpointer) "ns:one"));
  kh_key_browser_set_view_mode (f.browser, "list");
}

static void
check_delete_matching (const char *accel)
{
  focus_key_row ("greeting");
  kh_test_press (accel);
  wait_for_message_dialog ("Delete Keys Matching a Pattern");
  escape_message_dialog ();
  assert_focus_back_in_list ();
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (f.browser->row_popover);
}

static void
check_show_key_menu (const char *accel)
{
  focus_key_row ("greeting");
  kh_test_press (accel);
  kh_test_wait_for (popover_shown, NULL, 5000);
  gtk_popover_popdown (GTK_POPOVER (f.browser->row_popover));
  kh_test_iterate_briefly ();
}

/* The table: group and title in the shortcuts window, and what checks them */

Check checks[] = {
  { "General", "New Window", check_new_window },
  { "General", "Preferences", check_preferences },
  { "General", "Keyboard Shortcuts", check_shortcuts_window },
  { "Tabs", "Show Connections", check_show_connections },
  { "Tabs", "Close Tab", check_close_tab },
  { "Dialogs", "Save Connection", check_save_connection },
  { "Dialogs", "Create Key", check_create_key },
  { "Dialogs", "Close Dialog", check_close_dialog },
  { "Console", "Complete Command", check_complete_command },
  { "Console", "Previous Command", check_previous_command },
  { "Console", "Next Command", check_next_command },
  { "Console", "Clear Console", check_clear_console },
  { "Slow Log and Clients", "Refresh", check_refresh },
  { "Slow Log and Clients", "Disconnect Client", check_disconnect_client },
  { "Finding Keys", "Find Keys", check_find_keys },
  { "Finding Keys", "Go to Key", check_go_to_key },
  { "Finding Keys", "Rescan", check_rescan },
  { "Finding Keys", "List View", check_list_view },
  { "Finding Keys", "Tree View", check_tree_view },
  { "Finding Keys", "Load Details", check_load_details },
  { "Values", "Save Value", check_save_value },
  { "Values", "Reload Value", check_reload_value },
  { "Values", "Rename Key", check_rename_key },
  { "Values", "Remove Item", check_remove_item },
  { "Large Values", "Select All", check_select_large_value },
  { "Large Values", "Copy Selection", check_copy_large_selection },
  { "Changing Keys", "New Key", check_new_key },
  { "Changing Keys", "Copy Name", check_copy_name },
  { "Changing Keys", "Rename", check_rename },
  { "Changing Keys", "Set TTL", check_set_ttl },
  { "Changing Keys", "Clear TTL", check_clear_ttl },
  { "Changing Keys", "Delete Key", check_delete_key },
  { "Changing Keys", "Delete Keys in Namespace", check_delete_namespace },
  { "Changing Keys", "Delete Keys Matching", check_delete_matching },
  { "Changing Keys", "Show Key Menu", check_show_key_menu },
  /* Last: it would close the window if it were let */
  { "General", "Quit", check_quit },
};

const guint n_checks = G_N_ELEMENTS (checks);
