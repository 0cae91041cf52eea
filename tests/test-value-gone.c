/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-value-gone.c: a value view whose key is deleted, renamed away or
 * expires while shown offers nothing that writes but Create Again; and what
 * an edit changes (TTL, size, a connection error) is shown everywhere */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-key-browser.h"
#include "kh-key-item.h"
#include "kh-key-ops.h"
#include "kh-string-view.h"
#include "kh-value-edit.h"
#include "kh-test-ui.h"
#include "kh-value-view.h"

typedef struct {
  KhTestServer *server;
  KhSession    *session;
  GtkWindow    *window;
  KhValueView  *view;
  KhKeyBrowser *browser;   /* browser tests: the view is the browser's */
} Fixture;

static gboolean
fixture_setup (Fixture *f)
{
  if (kh_test_skip_without_display ())
    return FALSE;
  f->server = kh_test_server_start (KH_TEST_SERVER_VALKEY, 0);
  if (f->server == NULL)
    return FALSE;
  f->session = kh_test_session_open (f->server, KH_SESSION_FLAGS_NONE);
  f->window = GTK_WINDOW (adw_window_new ());
  f->view = KH_VALUE_VIEW (kh_value_view_new (f->session));
  gtk_window_set_default_size (f->window, 900, 700);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (f->window);
  return TRUE;
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (f->window);
  kh_session_close (f->session);
  g_clear_object (&f->session);
  kh_test_server_stop (f->server);
}

#define cli(f, ...) kh_test_server_cli ((f)->server, __VA_ARGS__, NULL)

static void
cli_is (Fixture    *f,
        const char *expected,
        const char *command,
        const char *key)
{
  g_autofree char *out = kh_test_server_cli (f->server, command, key, NULL);

  g_assert_cmpstr (out, ==, expected);
}

static gboolean
view_settled (gpointer data)
{
  KhValueViewState state = kh_value_view_get_state (data);

  return state != KH_VALUE_VIEW_LOADING && !kh_value_view_get_loading (data);
}

static gboolean
view_gone (gpointer data)
{
  return kh_value_view_get_state (data) == KH_VALUE_VIEW_GONE;
}

static gboolean
view_shows_value (gpointer data)
{
  return kh_value_view_get_state (data) == KH_VALUE_VIEW_VALUE && view_settled (data);
}

static GBytes *
key_bytes (const char *name)
{
  return g_bytes_new (name, strlen (name));
}

static KhValuePane *
show_key (Fixture    *f,
          const char *name)
{
  g_autoptr(GBytes) key = key_bytes (name);

  kh_value_view_set_key (f->view, key);
  kh_test_wait_for (view_settled, f->view, 20000);
  g_assert_cmpint (kh_value_view_get_state (f->view), ==, KH_VALUE_VIEW_VALUE);
  return kh_value_view_get_pane (f->view);
}

static GtkWidget *
view_child (Fixture    *f,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->view), KH_TYPE_VALUE_VIEW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* The pane shown, in whatever state the view is */
static KhValuePane *
shown_pane (Fixture *f)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (view_child (f, "pane_bin")));

  g_assert_true (KH_IS_VALUE_PANE (child));
  return KH_VALUE_PANE (child);
}

/* Whether the control for @action (a button, a menu item) takes clicks */
static gboolean
action_offered (Fixture    *f,
                const char *action)
{
  GtkWidget *widget = kh_test_find_actionable (GTK_WIDGET (f->view), action);

  g_assert_nonnull (widget);
  return gtk_widget_get_sensitive (widget);
}

/* What the key browser's trash button sends */
static void
delete_elsewhere (Fixture    *f,
                  const char *name)
{
  g_autoptr(GBytes) key = key_bytes (name);
  g_auto(KhTestAsync) async = { 0 };

  kh_key_delete_async (f->session, key, NULL, kh_test_async_ready, &async);
  g_assert_true (kh_key_delete_finish (f->session, kh_test_async_wait (&async, 10000), NULL, NULL));
  kh_test_wait_for (view_gone, f->view, 10000);
}

static void
assert_header_writes_off (Fixture *f)
{
  const char *header_actions[] = { "value.delete", "value.set-ttl", "value.clear-ttl", "value.rename-apply" };

  for (guint i = 0; i < G_N_ELEMENTS (header_actions); i++)
    g_assert_false (action_offered (f, header_actions[i]));
  g_assert_false (gtk_widget_get_sensitive (view_child (f, "ttl_button")));
  g_assert_false (gtk_widget_get_sensitive (view_child (f, "rename_button")));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (view_child (f, "gone_revealer"))));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (f, "ttl_label"))), ==, "Gone");
  g_assert_false (gtk_widget_get_visible (view_child (f, "size_label")));
}

/* The report: a counter deleted with the trash button kept its +/−, and +
 * wrote it back as 1 */
static void
test_counter_deleted (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;

  if (!fixture_setup (&f))
    return;
  g_free (cli (&f, "SET", "counter:visits", "12345"));
  pane = show_key (&f, "counter:visits");
  g_assert_cmpint (kh_string_view_get_mode (KH_STRING_VIEW (pane)), ==, KH_STRING_VIEW_NUMBER);
  g_assert_true (action_offered (&f, "string.increment"));
  g_assert_false (action_offered (&f, "value.create-again"));

  delete_elsewhere (&f, "counter:visits");
  /* What it held stays in view, read-only, under a banner */
  g_assert_true (shown_pane (&f) == pane);
  g_assert_true (kh_value_pane_get_gone (pane));
  g_assert_false (action_offered (&f, "string.increment"));
  g_assert_false (action_offered (&f, "string.decrement"));
  assert_header_writes_off (&f);
  g_assert_true (action_offered (&f, "value.create-again"));

  /* Even asked directly, + does not write the key back */
  gtk_widget_activate_action (GTK_WIDGET (pane), "string.increment", NULL);
  kh_test_wait_for (view_settled, f.view, 5000);
  kh_test_iterate_briefly ();
  cli_is (&f, "0", "EXISTS", "counter:visits");

  /* Create Again writes what was shown, and the view shows it again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.create-again", NULL));
  kh_test_wait_for (view_shows_value, f.view, 10000);
  cli_is (&f, "12345", "GET", "counter:visits");
  g_assert_true (action_offered (&f, "string.increment"));

  fixture_teardown (&f);
}

/* Every type's writes are off once its key is gone */
static void
test_every_type (gconstpointer data)
{
  static const struct {
    const char *key;
    const char *command[6];
    const char *actions[4];
    const char *check[3];   /* after Create Again: a command and what it answers */
  } types[] = {
    { "s", { "SET", "s", "some text" }, { "pane.save" }, { "GET", "s", "some text" } },
    { "h", { "HSET", "h", "f", "v" }, { "hash.add", "hash.delete", "pane.save" }, { "HGET", "h f", "v" } },
    { "l", { "RPUSH", "l", "a", "b" }, { "list.push", "list.remove", "pane.save" }, { "LINDEX", "l -1", "b" } },
    { "z", { "ZADD", "z", "1.5", "m" }, { "zset.add", "zset.remove", "pane.save" }, { "ZSCORE", "z m", "1.5" } },
    { "t", { "SADD", "t", "m" }, { "set.add", "set.remove" }, { "SISMEMBER", "t m", "1" } },
    { "x", { "XADD", "x", "5-1", "f", "v" }, { "stream.add", "stream.delete" }, { "XLEN", "x", "1" } },
  };
  Fixture f = { 0 };

  if (!fixture_setup (&f))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      const char * const *c = types[i].command;
      KhValuePane *pane;

      g_free (kh_test_server_cli (f.server, c[0], c[1], c[2], c[3], c[4], NULL));
      pane = show_key (&f, types[i].key);
      if (kh_value_pane_get_rows (pane) != NULL)
        kh_value_pane_select_row (pane, 0);
      /* Writes are on before (a string's: its editor) */
      if (KH_IS_STRING_VIEW (pane))
        g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (
          gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_STRING_VIEW, "source_view"))));
      else
        g_assert_true (action_offered (&f, types[i].actions[0]));

      if (i % 2 == 0)
        delete_elsewhere (&f, types[i].key);
      else
        {
          /* Deleted by another client; a console write makes the view check */
          g_free (cli (&f, "DEL", types[i].key));
          kh_session_key_changed (f.session, NULL, KH_KEY_CHANGED_GONE);
          kh_test_wait_for (view_gone, f.view, 10000);
        }
      for (guint j = 0; j < G_N_ELEMENTS (types[i].actions) && types[i].actions[j] != NULL; j++)
        if (action_offered (&f, types[i].actions[j]))
          g_error ("%s still offered for the gone key %s", types[i].actions[j], types[i].key);
      g_assert_false (kh_value_pane_can_save (pane));
      if (KH_IS_STRING_VIEW (pane))
        g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (
          gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_STRING_VIEW, "source_view"))));
      assert_header_writes_off (&f);
      cli_is (&f, "0", "EXISTS", types[i].key);

      /* Create Again writes what was shown */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.create-again", NULL));
      kh_test_wait_for (view_shows_value, f.view, 10000);
      {
        g_auto(GStrv) args = g_strsplit (types[i].check[1], " ", 2);
        g_autofree char *out = kh_test_server_cli (f.server, types[i].check[0], args[0], args[1], NULL);

        g_assert_cmpstr (out, ==, types[i].check[2]);
      }
    }

  fixture_teardown (&f);
}

/* Its TTL runs out while it is shown */
static void
test_expires_while_shown (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;

  if (!fixture_setup (&f))
    return;
  g_free (cli (&f, "HSET", "session:1", "user", "ada"));
  g_free (cli (&f, "PEXPIRE", "session:1", "1500"));
  pane = show_key (&f, "session:1");
  g_assert_true (action_offered (&f, "hash.add"));
  kh_test_wait_for (view_gone, f.view, 15000);
  g_assert_true (shown_pane (&f) == pane);
  g_assert_false (action_offered (&f, "hash.add"));
  assert_header_writes_off (&f);

  fixture_teardown (&f);
}

static gboolean
has_message (gpointer data)
{
  return kh_value_view_get_message (data) != NULL;
}

/* Renamed away elsewhere; Create Again never replaces a key that took the
 * name meanwhile */
static void
test_renamed_away_and_create_again (gconstpointer data)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) key = key_bytes ("cart:7");
  g_autoptr(GBytes) new_key = key_bytes ("cart:8");
  g_auto(KhTestAsync) async = { 0 };

  if (!fixture_setup (&f))
    return;
  g_free (cli (&f, "HSET", "cart:7", "apples", "3", "pears", "2", "plums", "9"));
  show_key (&f, "cart:7");

  /* As the key browser's Rename does */
  kh_key_rename_async (f.session, key, new_key, KH_KEY_RENAME_DEFAULT, NULL, kh_test_async_ready, &async);
  g_assert_true (kh_key_rename_finish (f.session, kh_test_async_wait (&async, 10000), NULL));
  kh_test_wait_for (view_gone, f.view, 10000);
  assert_header_writes_off (&f);

  /* Create Again: every field shown, under the old name */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.create-again", NULL));
  kh_test_wait_for (view_shows_value, f.view, 10000);
  cli_is (&f, "3", "HLEN", "cart:7");
  {
    g_autofree char *plums = cli (&f, "HGET", "cart:7", "plums");

    g_assert_cmpstr (plums, ==, "9");
  }

  /* Gone again, then someone else writes the name: nothing is replaced */
  delete_elsewhere (&f, "cart:7");
  g_free (cli (&f, "SET", "cart:7", "theirs"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.create-again", NULL));
  kh_test_wait_for (has_message, f.view, 10000);
  g_assert_nonnull (strstr (kh_value_view_get_message (f.view), "was created meanwhile"));
  cli_is (&f, "theirs", "GET", "cart:7");
  g_assert_cmpint (kh_value_view_get_state (f.view), ==, KH_VALUE_VIEW_GONE);

  fixture_teardown (&f);
}

/* A TTL set elsewhere (the key browser) reaches the header */
static gboolean
header_expires (gpointer data)
{
  Fixture *f = data;
  const char *text = gtk_label_get_label (GTK_LABEL (view_child (f, "ttl_label")));

  return g_str_has_prefix (text, "Expires in 2 h") || g_str_has_prefix (text, "Expires in 1 h 59");
}

static void
test_header_follows_ttl (gconstpointer data)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) key = key_bytes ("plain");
  g_auto(KhTestAsync) async = { 0 };

  if (!fixture_setup (&f))
    return;
  g_free (cli (&f, "SET", "plain", "v"));
  show_key (&f, "plain");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (&f, "ttl_label"))), ==, "No expiry");
  kh_key_set_ttl_async (f.session, key, 2 * 3600 * 1000, NULL, kh_test_async_ready, &async);
  g_assert_true (kh_key_set_ttl_finish (f.session, kh_test_async_wait (&async, 10000), NULL));
  kh_test_wait_for (header_expires, &f, 10000);

  fixture_teardown (&f);
}

/* As typing does: an edit, unlike gtk_text_buffer_set_text() */
static void
type_text (GtkTextBuffer *buffer,
           const char    *text)
{
  GtkTextIter start, end;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text, -1);
  gtk_text_buffer_end_user_action (buffer);
}

/* After a save, the sizes shown are the new ones */
static gboolean
length_is_9 (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (view_child (f, "length_label"))), "9 bytes") == 0;
}

static void
test_string_size_after_save (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;
  GtkTextBuffer *buffer;
  GtkLabel *format;

  if (!fixture_setup (&f))
    return;
  g_free (cli (&f, "SET", "greeting", "a"));
  pane = show_key (&f, "greeting");
  format = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_STRING_VIEW, "format_label"));
  g_assert_cmpstr (gtk_label_get_label (format), ==, "Text · 1 byte");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (&f, "length_label"))), ==, "1 byte");

  buffer = GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (pane)));
  type_text (buffer, "abcdefghi");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.save", NULL));
  kh_test_wait_for (length_is_9, &f, 10000);
  cli_is (&f, "abcdefghi", "GET", "greeting");
  g_assert_cmpstr (gtk_label_get_label (format), ==, "Text · 9 bytes");

  fixture_teardown (&f);
}

/* "Could not change …: reconnecting" goes once the connection is back */
static gboolean
session_reconnecting (gpointer data)
{
  return kh_session_get_state (data) == KH_SESSION_RECONNECTING;
}

static gboolean
session_ready (gpointer data)
{
  return kh_session_get_state (data) == KH_SESSION_READY;
}

static void
test_connection_error_cleared (gconstpointer data)
{
  Fixture f = { 0 };
  KhValuePane *pane;
  GtkTextBuffer *buffer;

  if (!fixture_setup (&f))
    return;
  g_free (cli (&f, "SET", "note", "hello"));
  pane = show_key (&f, "note");
  kh_test_server_kill (f.server);
  kh_test_wait_for (session_reconnecting, f.session, 15000);

  buffer = GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (pane)));
  type_text (buffer, "hello again");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.save", NULL));
  kh_test_wait_for (has_message, f.view, 10000);

  kh_test_server_restart (f.server);
  kh_session_reconnect_now (f.session);
  kh_test_wait_for (session_ready, f.session, 30000);
  kh_test_iterate_briefly ();
  g_assert_null (kh_value_view_get_message (f.view));
  /* The user's text is still there to save */
  g_assert_true (kh_value_pane_can_save (pane));

  fixture_teardown (&f);
}

/* In the key browser: its rows and its value view follow each other */

static gboolean
browser_loaded (gpointer data)
{
  Fixture *f = data;

  return !kh_key_browser_get_loading (f->browser) &&
         g_list_model_get_n_items (kh_key_browser_get_model (f->browser)) > 0;
}

static gboolean
browser_setup (Fixture *f)
{
  if (kh_test_skip_without_display ())
    return FALSE;
  f->server = kh_test_server_start (KH_TEST_SERVER_VALKEY, 0);
  if (f->server == NULL)
    return FALSE;
  return TRUE;
}

static gboolean economy;   /* the next browser_show() asks for details only on demand */

static void
browser_show (Fixture    *f,
              const char *select)
{
  g_autoptr(GBytes) key = key_bytes (select);

  f->session = kh_test_session_open (f->server, KH_SESSION_FLAGS_NONE);
  f->window = GTK_WINDOW (adw_window_new ());
  f->browser = KH_KEY_BROWSER (kh_key_browser_new (f->session, ':', economy));
  gtk_window_set_default_size (f->window, 1100, 700);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->browser));
  gtk_window_present (f->window);
  kh_test_wait_for (browser_loaded, f, 30000);
  g_assert_true (kh_key_browser_select_key (f->browser, key));
  f->view = KH_VALUE_VIEW (kh_test_find_widget_of_type (GTK_WIDGET (f->browser), KH_TYPE_VALUE_VIEW));
  g_assert_nonnull (f->view);
  kh_test_wait_for (view_shows_value, f->view, 20000);
}

static GtkWidget *
browser_child (Fixture    *f,
               const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->browser), KH_TYPE_KEY_BROWSER, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
dialog_shown (gpointer data)
{
  return kh_test_find_message_dialog () != NULL;
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  kh_test_wait_for (dialog_shown, NULL, 5000);
  return kh_test_find_message_dialog ();
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
one_row (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (kh_key_browser_get_model (f->browser)) == 1;
}

/* The report, in the key browser: filtered to one key, trash, confirm: "No
 * Matching Keys", and the value beside it must not offer + any more */
static void
test_browser_trash (gconstpointer data)
{
  Fixture f = { 0 };

  if (!browser_setup (&f))
    return;
  g_free (cli (&f, "SET", "counter:visits", "12345"));
  g_free (cli (&f, "SET", "other", "1"));
  browser_show (&f, "counter:visits");
  gtk_editable_set_text (GTK_EDITABLE (browser_child (&f, "search_entry")), "counter");
  kh_test_wait_for (one_row, &f, 5000);
  g_assert_true (action_offered (&f, "string.increment"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.delete", NULL));
  respond (wait_for_dialog (), "delete");
  kh_test_wait_for (view_gone, f.view, 10000);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (browser_child (&f, "empty_page"))), ==,
                   "No Matching Keys");
  g_assert_false (action_offered (&f, "string.increment"));
  gtk_widget_activate_action (GTK_WIDGET (shown_pane (&f)), "string.increment", NULL);
  kh_test_iterate_briefly ();
  cli_is (&f, "0", "EXISTS", "counter:visits");

  fixture_teardown (&f);
}

static KhKeyItem *
row_item (Fixture *f)
{
  g_autoptr(GObject) object = g_list_model_get_item (kh_key_browser_get_model (f->browser), 0);

  if (GTK_IS_TREE_LIST_ROW (object))
    return KH_KEY_ITEM (gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (object)));
  return KH_KEY_ITEM (g_steal_pointer (&object));
}

typedef struct {
  Fixture *f;
  gint64   size;
} SizeWait;

static gboolean
row_size_above (gpointer data)
{
  SizeWait *wait = data;
  g_autoptr(KhKeyItem) item = row_item (wait->f);

  return kh_key_item_get_size (item) > wait->size;
}

static gboolean
row_expires (gpointer data)
{
  g_autoptr(KhKeyItem) item = row_item (data);

  return kh_key_item_get_ttl (item) > 3600 * 1000;
}

/* An edit in the value view reaches the row: its size after a field is
 * added, its TTL after one is set */
static void
test_browser_row_follows (gconstpointer data)
{
  Fixture f = { 0 };
  g_autoptr(GBytes) key = key_bytes ("user:1");
  g_autoptr(GBytes) field = key_bytes ("bio");
  g_autofree char *long_text = g_strnfill (4000, 'b');
  g_autoptr(GBytes) value = key_bytes (long_text);
  g_auto(KhTestAsync) async = { 0 };
  SizeWait wait = { &f, 0 };

  if (!browser_setup (&f))
    return;
  g_free (cli (&f, "HSET", "user:1", "name", "ada"));
  browser_show (&f, "user:1");
  kh_test_wait_for (row_size_above, &wait, 10000);
  {
    g_autoptr(KhKeyItem) item = row_item (&f);

    wait.size = kh_key_item_get_size (item);
  }

  /* What the hash view's Add sends */
  kh_value_hash_add_field_async (f.session, key, field, value, NULL, kh_test_async_ready, &async);
  g_assert_true (kh_value_edit_finish (f.session, kh_test_async_wait (&async, 10000), NULL, NULL, NULL));
  wait.size += 3000;
  kh_test_wait_for (row_size_above, &wait, 10000);
  cli_is (&f, "2", "HLEN", "user:1");

  /* The value view's Set Expiry */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (view_child (&f, "ttl_spin")), 7200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.set-ttl", NULL));
  kh_test_wait_for (row_expires, &f, 10000);

  fixture_teardown (&f);
}

static gboolean
toast_says_2_h (gpointer data)
{
  Fixture *f = data;

  return kh_test_find_label (GTK_WIDGET (f->window), "“plain” now expires in 2 h 00 min") != NULL;
}

/* The browser's Set TTL on a key without expiry: the toast says when, and
 * the value header follows */
static void
test_browser_ttl (gconstpointer data)
{
  Fixture f = { 0 };
  AdwMessageDialog *dialog;
  GtkWidget *box;

  if (!browser_setup (&f))
    return;
  g_free (cli (&f, "SET", "plain", "v"));
  browser_show (&f, "plain");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (&f, "ttl_label"))), ==, "No expiry");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.set-ttl", NULL));
  dialog = wait_for_dialog ();
  box = adw_message_dialog_get_extra_child (dialog);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (g_object_get_data (G_OBJECT (box), "amount")), 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (g_object_get_data (G_OBJECT (box), "unit")), 2);
  respond (dialog, "set");
  kh_test_wait_for (toast_says_2_h, &f, 10000);
  kh_test_wait_for (header_expires, &f, 10000);

  fixture_teardown (&f);
}

static gboolean
status_says_reconnecting (gpointer data)
{
  Fixture *f = data;

  return strstr (gtk_label_get_label (GTK_LABEL (browser_child (f, "status_label"))), "Reconnecting") != NULL;
}

/* A load cut short by a lost connection: once it is back, the note no
 * longer says "Reconnecting…" */
static void
test_browser_note_after_reconnect (gconstpointer data)
{
  Fixture f = { 0 };

  if (!browser_setup (&f))
    return;
  g_free (cli (&f, "SET", "k", "v"));
  browser_show (&f, "k");
  kh_test_server_kill (f.server);
  kh_test_wait_for (session_reconnecting, f.session, 15000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.rescan", NULL));
  kh_test_wait_for (status_says_reconnecting, &f, 10000);

  kh_test_server_restart (f.server);
  kh_session_reconnect_now (f.session);
  kh_test_wait_for (session_ready, f.session, 30000);
  kh_test_iterate_briefly ();
  g_assert_false (status_says_reconnecting (&f));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (browser_child (&f, "status_label"))), "Rescan"));

  fixture_teardown (&f);
}

static gboolean
no_rows (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (kh_key_browser_get_model (f->browser)) == 0;
}

/* Deleted by another client, found missing when the value view reloads: the
 * row leaves the list too */
static void
test_browser_found_missing (gconstpointer data)
{
  Fixture f = { 0 };

  if (!browser_setup (&f))
    return;
  g_free (cli (&f, "SET", "k", "v"));
  /* In economy mode, where the rows do not ask the server themselves */
  economy = TRUE;
  browser_show (&f, "k");
  economy = FALSE;
  g_free (cli (&f, "DEL", "k"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "value.reload", NULL));
  kh_test_wait_for (view_gone, f.view, 10000);
  kh_test_wait_for (no_rows, &f, 10000);

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

  g_test_add_data_func ("/ui/value-gone/counter-deleted", NULL, test_counter_deleted);
  g_test_add_data_func ("/ui/value-gone/every-type", NULL, test_every_type);
  g_test_add_data_func ("/ui/value-gone/expires-while-shown", NULL, test_expires_while_shown);
  g_test_add_data_func ("/ui/value-gone/renamed-away-and-create-again", NULL, test_renamed_away_and_create_again);
  g_test_add_data_func ("/ui/value-stale/header-follows-ttl", NULL, test_header_follows_ttl);
  g_test_add_data_func ("/ui/value-stale/string-size-after-save", NULL, test_string_size_after_save);
  g_test_add_data_func ("/ui/value-stale/connection-error-cleared", NULL, test_connection_error_cleared);
  g_test_add_data_func ("/ui/key-browser-stale/trash", NULL, test_browser_trash);
  g_test_add_data_func ("/ui/key-browser-stale/row-follows", NULL, test_browser_row_follows);
  g_test_add_data_func ("/ui/key-browser-stale/ttl", NULL, test_browser_ttl);
  g_test_add_data_func ("/ui/key-browser-stale/note-after-reconnect", NULL, test_browser_note_after_reconnect);
  g_test_add_data_func ("/ui/key-browser-stale/found-missing", NULL, test_browser_found_missing);

  return g_test_run ();
}
