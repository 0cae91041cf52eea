/* test-key-browser.c: KhKeyBrowser loading, finding and changing the keys of
 * a real redis-server and valkey-server */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-key-browser.h"
#include "kh-key-item.h"
#include "kh-test-server.h"
#include "kh-test-ui.h"
#include "kh-value-view.h"

#define N_USERS    1500
#define N_SESSIONS 1200
#define N_PAGES    300
/* the three namespaces, one key outside them and one binary key */
#define N_KEYS     (N_USERS + N_SESSIONS + N_PAGES + 2)

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds, failing after @timeout_ms */
static void
wait_for (Condition  condition,
          gpointer   data,
          guint      timeout_ms,
          const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
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
  session = kh_session_new (config, flags);
  kh_session_open_async (session, NULL, on_opened, &done);
  kh_test_wait_until (&done, 20000);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);
  return session;
}

static void
on_last_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  gboolean *done = user_data;

  g_assert_no_error (error);
  *done = TRUE;
}

/* Fills the server through the session, pipelined: users are hashes,
 * sessions strings that expire in an hour, pages lists */
static void
fill (KhSession *session)
{
  gboolean done = FALSE;
  KhCommand *command;

  for (guint i = 0; i < N_USERS; i++)
    {
      g_autofree char *key = g_strdup_printf ("user:%u", i);
      kh_session_send_async (session, kh_command_new_va ("HSET", key, "name", "Ada", NULL), NULL, NULL, NULL);
    }
  for (guint i = 0; i < N_SESSIONS; i++)
    {
      g_autofree char *key = g_strdup_printf ("session:%u", i);
      kh_session_send_async (session, kh_command_new_va ("SET", key, "token", "EX", "3600", NULL), NULL, NULL, NULL);
    }
  for (guint i = 0; i < N_PAGES; i++)
    {
      g_autofree char *key = g_strdup_printf ("cache:page:%u", i);
      kh_session_send_async (session, kh_command_new_va ("RPUSH", key, "<html>", NULL), NULL, NULL, NULL);
    }
  kh_session_send_async (session, kh_command_new_va ("SET", "counter", "1", NULL), NULL, NULL, NULL);

  command = kh_command_new ("SET");
  kh_command_add_len (command, "bin:\xff\x01", 6);
  kh_command_add (command, "x");
  kh_session_send_async (session, command, NULL, on_last_reply, &done);
  kh_test_wait_until (&done, 30000);
}

typedef struct {
  KhTestServer *server;
  KhSession    *session;
  GtkWindow    *window;
  KhKeyBrowser *browser;
} Fixture;

static gboolean
loaded (gpointer data)
{
  KhKeyBrowser *browser = data;

  return !kh_key_browser_get_loading (browser) &&
         kh_key_index_get_n_keys (kh_key_browser_get_index (browser)) > 0;
}

static void
fixture_show (Fixture        *f,
              KhSessionFlags  flags)
{
  f->session = open_session (f->server, flags);
  f->window = GTK_WINDOW (gtk_window_new ());
  f->browser = KH_KEY_BROWSER (kh_key_browser_new (f->session, ':', FALSE));
  gtk_window_set_default_size (f->window, 1100, 700);
  gtk_window_set_child (f->window, GTK_WIDGET (f->browser));
  g_assert_false (kh_key_browser_get_loading (f->browser));
  gtk_window_present (f->window);
  wait_for (loaded, f->browser, 30000, "the keys to load");
}

/* A server filled with N_KEYS keys, loaded in a window; FALSE when the test
 * is skipped */
static gboolean
fixture_show_filled (Fixture       *f,
                     gconstpointer  kind)
{
  if (kh_test_skip_without_display ())
    return FALSE;
  f->server = kh_test_server_start (KH_TEST_KIND (kind), 0);
  if (f->server == NULL)
    return FALSE;
  {
    g_autoptr(KhSession) filler = open_session (f->server, KH_SESSION_FLAGS_NONE);
    fill (filler);
    kh_session_close (filler);
  }
  fixture_show (f, KH_SESSION_FLAGS_NONE);
  return TRUE;
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  kh_session_close (f->session);
  g_clear_object (&f->session);
  kh_test_server_stop (f->server);
}

static GObject *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->browser), KH_TYPE_KEY_BROWSER, name);

  g_assert_nonnull (object);
  return object;
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (kh_key_browser_get_model (f->browser));
}

static KhKeyItem *
row_item (Fixture *f,
          guint    position)
{
  g_autoptr(GObject) object = g_list_model_get_item (kh_key_browser_get_model (f->browser), position);

  if (GTK_IS_TREE_LIST_ROW (object))
    return gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (object));
  return KH_KEY_ITEM (g_object_ref (object));
}

static gboolean
has_row_named (Fixture    *f,
               const char *name)
{
  for (guint i = 0; i < n_rows (f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (f, i);

      if (g_str_equal (kh_key_item_get_name (item), name))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  Fixture *f;
  guint    n;
} RowCount;

static gboolean
has_n_rows (gpointer data)
{
  RowCount *count = data;

  return n_rows (count->f) == count->n;
}

static void
wait_for_rows (Fixture *f,
               guint    n)
{
  RowCount count = { f, n };

  wait_for (has_n_rows, &count, 10000, "the row count");
  g_assert_cmpuint (n_rows (f), ==, n);
}

static gboolean
first_row_has_details (gpointer data)
{
  Fixture *f = data;
  g_autoptr(KhKeyItem) item = row_item (f, 0);

  return kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED;
}

static gboolean
placeholder_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (child (data, "value_placeholder")));
}

static gboolean
at_start (gpointer data)
{
  Fixture *f = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (f, "scroller")));

  return gtk_adjustment_get_value (adjustment) == 0;
}

static void
on_painted (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Until the list has been laid out and drawn once more */
static void
wait_for_frame (Fixture *f)
{
  GtkWidget *list_view = GTK_WIDGET (child (f, "list_view"));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (list_view);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted), &painted);

  gtk_widget_queue_draw (list_view);
  wait_for (is_true, &painted, 5000, "a frame");
  g_signal_handler_disconnect (clock, handler);
}

/* The row widgets show consecutive rows of the list, each the key of its
 * position: GTK binds rows again and again as their positions move while
 * keys load or a filter changes, and a row bound again to the key it had
 * keeps what it shows */
static void
assert_rows_show_their_keys (Fixture *f,
                             guint    at_least)
{
  GtkWidget *list_view = GTK_WIDGET (child (f, "list_view"));
  guint position = G_MAXUINT, checked = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list_view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      const char *shown;
      g_autoptr(KhKeyItem) item = NULL;

      if (box == NULL || !gtk_widget_get_child_visible (row) || !GTK_IS_BOX (box))
        continue;
      shown = gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (box)));
      /* The first row widget may be any row: find it */
      for (guint i = 0; position == G_MAXUINT && i < n_rows (f); i++)
        {
          g_autoptr(KhKeyItem) candidate = row_item (f, i);

          if (g_str_equal (kh_key_item_get_name (candidate), shown))
            position = i;
        }
      g_assert_cmpuint (position, <, n_rows (f));
      item = row_item (f, position++);
      g_assert_cmpstr (shown, ==, kh_key_item_get_name (item));
      checked++;
    }
  g_assert_cmpuint (checked, >=, at_least);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
no_dialog_shown (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
key_gone (gpointer data)
{
  Fixture *f = data;

  return !kh_key_index_contains (kh_key_browser_get_index (f->browser), "user:7", 6);
}

static gboolean
late_key_selected (gpointer data)
{
  Fixture *f = data;
  GBytes *key = kh_key_browser_get_selected_key (f->browser);

  return key != NULL && g_bytes_get_size (key) == 8 && memcmp (g_bytes_get_data (key, NULL), "late:key", 8) == 0;
}

static gboolean
renamed (gpointer data)
{
  Fixture *f = data;

  return kh_key_index_contains (kh_key_browser_get_index (f->browser), "user:renamed", 12);
}

typedef struct {
  const char *response;
} Enabled;

static gboolean
response_enabled (gpointer data)
{
  Enabled *enabled = data;
  AdwMessageDialog *dialog = find_dialog ();

  return dialog != NULL && adw_message_dialog_get_response_enabled (dialog, enabled->response);
}

static gboolean
namespace_gone (gpointer data)
{
  Fixture *f = data;

  return !kh_key_index_contains (kh_key_browser_get_index (f->browser), "cache:page:1", 12);
}

static void
select_key (Fixture    *f,
            const char *name)
{
  g_autoptr(GBytes) key = g_bytes_new (name, strlen (name));
  GBytes *selected;

  g_assert_true (kh_key_browser_select_key (f->browser, key));
  selected = kh_key_browser_get_selected_key (f->browser);
  g_assert_nonnull (selected);
  g_assert_true (g_bytes_equal (selected, key));
}

static void
respond (const char *response)
{
  AdwMessageDialog *dialog;

  wait_for (dialog_shown, NULL, 5000, "a dialog");
  dialog = find_dialog ();
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  /* As a click on the response's button does */
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for (no_dialog_shown, NULL, 5000, "the dialog to close");
}

static GtkWidget *
find_value_view (GtkWidget *widget)
{
  if (KH_IS_VALUE_VIEW (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_value_view (c);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
value_view_shows_user (gpointer data)
{
  GtkWidget *view = find_value_view (data);
  GBytes *key;

  if (view == NULL)
    return FALSE;
  key = kh_value_view_get_key (KH_VALUE_VIEW (view));
  return key != NULL && g_bytes_get_size (key) == 9 && memcmp (g_bytes_get_data (key, NULL), "user:1234", 9) == 0 &&
         kh_value_view_get_state (KH_VALUE_VIEW (view)) == KH_VALUE_VIEW_VALUE;
}

static void
test_browse (gconstpointer data)
{
  Fixture f = { 0 };
  g_autoptr(KhKeyItem) first = NULL;
  g_autofree char *exists = NULL;
  GtkEditable *search;
  guint user_row = G_MAXUINT;

  if (!fixture_show_filled (&f, data))
    return;

  /* Every key, in name order: the binary key is escaped */
  g_assert_cmpuint (kh_key_index_get_n_keys (kh_key_browser_get_index (f.browser)), ==, N_KEYS);
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS);
  g_assert_true (has_row_named (&f, "bin:\\xff\\x01"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (&f, "status_label"))), "keys"));

  /* While keys load the list keeps the rows on screen, so keys that sort
   * before them push them down; a load left alone ends at the start */
  wait_for (at_start, &f, 5000, "the list to show its start");
  /* The value side's placeholder, in a frame after the first rows' */
  wait_for (placeholder_shown, &f, 5000, "the value placeholder");
  /* What the rows show once the list was laid out again: the last change
   * of a load may be newer than the last frame */
  wait_for_frame (&f);
  assert_rows_show_their_keys (&f, 10);

  /* Rows on screen get their type and TTL */
  wait_for (first_row_has_details, &f, 10000, "the details of the first row");
  first = row_item (&f, 0);
  g_assert_cmpstr (kh_key_item_get_name (first), ==, "bin:\\xff\\x01");
  g_assert_cmpstr (kh_key_item_get_key_type (first), ==, "string");
  g_assert_cmpint (kh_key_item_get_ttl (first), ==, KH_KEY_TTL_PERSISTENT);

  /* Substring filter as you type, keeping the selected key selected */
  select_key (&f, "user:1234");
  search = GTK_EDITABLE (child (&f, "search_entry"));
  gtk_editable_set_text (search, "user:12");
  wait_for_rows (&f, 1 + 10 + 100);
  {
    g_autoptr(GBytes) key = g_bytes_new_static ("user:1234", 9);

    g_assert_true (g_bytes_equal (kh_key_browser_get_selected_key (f.browser), key));
  }
  g_assert_true (has_row_named (&f, "user:1234"));
  g_assert_false (has_row_named (&f, "user:1"));

  /* Glob filter */
  gtk_editable_set_text (search, "cache:page:4?");
  wait_for_rows (&f, 10);
  g_assert_true (has_row_named (&f, "cache:page:42"));
  wait_for_frame (&f);
  assert_rows_show_their_keys (&f, 10);

  gtk_editable_set_text (search, "");
  wait_for_rows (&f, N_KEYS);

  /* Namespace tree: expanding "user" shows its keys */
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.view-mode", "s", "tree");
  g_assert_cmpstr (kh_key_browser_get_view_mode (f.browser), ==, "tree");
  wait_for_rows (&f, 5);   /* bin, cache, counter, session, user */
  for (guint i = 0; i < n_rows (&f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (&f, i);

      if (g_str_equal (kh_key_item_get_name (item), "user"))
        {
          g_assert_true (kh_key_item_get_is_namespace (item));
          g_assert_cmpuint (kh_key_item_get_n_keys (item), ==, N_USERS);
          user_row = i;
        }
    }
  g_assert_cmpuint (user_row, !=, G_MAXUINT);
  {
    g_autoptr(GObject) row = g_list_model_get_item (kh_key_browser_get_model (f.browser), user_row);

    gtk_tree_list_row_set_expanded (GTK_TREE_LIST_ROW (row), TRUE);
  }
  wait_for_rows (&f, 5 + N_USERS);
  {
    g_autoptr(KhKeyItem) item = row_item (&f, user_row + 1);

    g_assert_cmpstr (kh_key_item_get_name (item), ==, "0");
    g_assert_false (kh_key_item_get_is_namespace (item));
  }
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.view-mode", "s", "list");
  wait_for_rows (&f, N_KEYS);

  /* Delete through the action, confirmed in its dialog */
  select_key (&f, "user:7");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.delete", NULL));
  respond ("delete");
  wait_for (key_gone, &f, 10000, "user:7 to be deleted");
  exists = kh_test_server_cli (f.server, "EXISTS", "user:7", NULL);
  g_assert_cmpstr (exists, ==, "0");
  g_clear_pointer (&exists, g_free);
  wait_for_rows (&f, N_KEYS - 1);
  g_assert_false (has_row_named (&f, "user:7"));

  /* Rename refuses to overwrite, unless asked */
  select_key (&f, "user:8");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.rename", NULL));
  wait_for (dialog_shown, NULL, 5000, "the rename dialog");
  {
    AdwMessageDialog *dialog = find_dialog ();
    GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
    GtkWidget *entry = gtk_widget_get_first_child (box);

    g_assert_true (GTK_IS_EDITABLE (entry));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "user:8");
    gtk_editable_set_text (GTK_EDITABLE (entry), "user:renamed");
  }
  respond ("rename");
  wait_for (renamed, &f, 10000, "the renamed key");
  exists = kh_test_server_cli (f.server, "EXISTS", "user:8", NULL);
  g_assert_cmpstr (exists, ==, "0");
  g_clear_pointer (&exists, g_free);
  exists = kh_test_server_cli (f.server, "EXISTS", "user:renamed", NULL);
  g_assert_cmpstr (exists, ==, "1");
  g_clear_pointer (&exists, g_free);

  /* Go to a key that was not loaded: looked up, added and selected */
  g_free (kh_test_server_cli (f.server, "SET", "late:key", "1", NULL));
  g_assert_false (kh_key_index_contains (kh_key_browser_get_index (f.browser), "late:key", 8));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.go-to-key", NULL));
  wait_for (dialog_shown, NULL, 5000, "the go-to dialog");
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (find_dialog ())), "late:key");
  respond ("go");
  wait_for (late_key_selected, &f, 10000, "late:key to be selected");
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS);

  /* Bulk delete of a namespace: counted first, then deleted on confirmation */
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.view-mode", "s", "tree");
  wait_for_rows (&f, 6);   /* bin, cache, counter, late, session, user */
  for (guint i = 0; i < n_rows (&f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (&f, i);

      if (g_str_equal (kh_key_item_get_name (item), "cache"))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (kh_key_browser_get_model (f.browser)), i, TRUE);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.delete-namespace", NULL));
  {
    Enabled enabled = { "delete" };

    wait_for (response_enabled, &enabled, 10000, "the count of keys to delete");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (find_dialog ()), "300 keys match"));
  }
  respond ("delete");
  wait_for (namespace_gone, &f, 10000, "the namespace to be deleted");
  exists = kh_test_server_cli (f.server, "EXISTS", "cache:page:1", "cache:page:299", NULL);
  g_assert_cmpstr (exists, ==, "0");
  g_clear_pointer (&exists, g_free);
  wait_for_rows (&f, 5);

  /* Selecting a key opens its value beside the list */
  {
    g_autoptr(GBytes) user = g_bytes_new_static ("user:1234", 9);

    g_assert_true (kh_key_browser_select_key (f.browser, user));
    wait_for (value_view_shows_user, f.browser, 10000, "the value of user:1234 beside the list");
  }
  fixture_close (&f);
}

static gboolean
soon_gone (gpointer data)
{
  return !has_row_named (data, "soon");
}

/* A key whose TTL runs out while it is on screen leaves the list */
static void
test_expiry (gconstpointer data)
{
  Fixture f = { 0 };

  if (kh_test_skip_without_display ())
    return;
  f.server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (f.server == NULL)
    return;
  g_free (kh_test_server_cli (f.server, "SET", "keep", "1", NULL));
  g_free (kh_test_server_cli (f.server, "SET", "soon", "1", "PX", "4000", NULL));

  fixture_show (&f, KH_SESSION_FLAGS_NONE);
  g_assert_true (has_row_named (&f, "soon"));
  wait_for (soon_gone, &f, 20000, "the expired key to leave the list");
  g_assert_cmpuint (n_rows (&f), ==, 1);
  g_assert_true (has_row_named (&f, "keep"));
  fixture_close (&f);
}

/* Loaded, even if nothing */
static gboolean
load_done (gpointer data)
{
  Fixture *f = data;
  const char *status = gtk_label_get_label (GTK_LABEL (child (f, "status_label")));

  return !kh_key_browser_get_loading (f->browser) && *status != '\0' && !g_str_has_prefix (status, "Loading");
}


/* An empty database says so, a filter that matches nothing says so, and the
 * value side shows its placeholder in a frame of its own */
static void
test_empty (gconstpointer data)
{
  Fixture f = { 0 };
  GtkStack *list_stack;

  if (kh_test_skip_without_display ())
    return;
  f.server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (f.server == NULL)
    return;

  f.session = open_session (f.server, KH_SESSION_FLAGS_NONE);
  f.window = GTK_WINDOW (gtk_window_new ());
  f.browser = KH_KEY_BROWSER (kh_key_browser_new (f.session, ':', FALSE));
  gtk_window_set_default_size (f.window, 1100, 700);
  gtk_window_set_child (f.window, GTK_WIDGET (f.browser));
  gtk_window_present (f.window);
  wait_for (load_done, &f, 30000, "the empty database to load");
  list_stack = GTK_STACK (child (&f, "list_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (&f, "empty_page"))), ==, "No Keys");
  wait_for (placeholder_shown, &f, 5000, "the value placeholder");
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (child (&f, "value_stack"))) ==
                 GTK_WIDGET (child (&f, "value_placeholder")));

  g_free (kh_test_server_cli (f.server, "SET", "one", "1", NULL));
  g_free (kh_test_server_cli (f.server, "SET", "two", "2", NULL));
  g_free (kh_test_server_cli (f.server, "SET", "three", "3", NULL));
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.rescan", NULL);
  wait_for (loaded, f.browser, 30000, "the rescan");
  wait_for_rows (&f, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "list");

  /* The filter's count takes the singular for one match, the plural for more */
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "search_entry")), "one");
  wait_for_rows (&f, 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (&f, "status_label"))), ==, "3 keys · 1 match");
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "search_entry")), "t");
  wait_for_rows (&f, 2);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (&f, "status_label"))), ==, "3 keys · 2 matches");

  gtk_editable_set_text (GTK_EDITABLE (child (&f, "search_entry")), "nothing-like-it");
  wait_for_rows (&f, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "empty");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child (&f, "empty_page"))), ==, "No Matching Keys");
  fixture_close (&f);
}

static void
test_read_only (gconstpointer data)
{
  Fixture f = { 0 };
  GtkWidget *delete_button;
  GtkWidget *rename_button;
  g_autofree char *exists = NULL;

  if (kh_test_skip_without_display ())
    return;
  f.server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (f.server == NULL)
    return;
  g_free (kh_test_server_cli (f.server, "SET", "precious", "1", NULL));
  g_free (kh_test_server_cli (f.server, "SET", "other", "1", NULL));

  fixture_show (&f, KH_SESSION_READ_ONLY);
  g_assert_cmpuint (n_rows (&f), ==, 2);
  select_key (&f, "precious");

  delete_button = GTK_WIDGET (child (&f, "delete_button"));
  rename_button = GTK_WIDGET (child (&f, "rename_button"));
  g_assert_false (gtk_widget_get_sensitive (delete_button));
  g_assert_false (gtk_widget_get_sensitive (rename_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (delete_button), "read-only"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (&f, "copy_button"))));

  /* The shortcut does nothing either */
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.delete", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.rename", NULL);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (find_dialog ());
  exists = kh_test_server_cli (f.server, "EXISTS", "precious", NULL);
  g_assert_cmpstr (exists, ==, "1");

  fixture_close (&f);
}

typedef struct {
  Fixture *f;
  guint    position;
} RowAt;

static gboolean
row_has_details (gpointer data)
{
  RowAt *at = data;
  g_autoptr(KhKeyItem) item = row_item (at->f, at->position);

  return kh_key_item_get_metadata_state (item) == KH_KEY_METADATA_LOADED;
}

/* The list laid out with all its rows: just after a load, the height of the
 * list may still be that of the rows shown before */
static gboolean
laid_out (gpointer data)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (data, "scroller")));

  return gtk_adjustment_get_page_size (adjustment) > 0 &&
         gtk_adjustment_get_upper (adjustment) >= 20.0 * n_rows (data);
}

static guint
n_rows_with_details (Fixture *f)
{
  guint n = 0;

  for (guint i = 0; i < n_rows (f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (f, i);

      if (kh_key_item_get_metadata_state (item) != KH_KEY_METADATA_NONE)
        n++;
    }
  return n;
}

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

/* Details are asked for the rows on screen and a little around them, not for
 * all the rows GtkListView binds (about 200 in GTK 4.8): three commands a
 * key on a plan that may bill each one */
static void
test_details_in_view (gconstpointer data)
{
  Fixture f = { 0 };
  GtkAdjustment *adjustment;
  double row_height;
  guint on_screen;
  guint n_with_details;
  guint64 sent;
  RowAt at = { &f, 0 };

  if (!fixture_show_filled (&f, data))
    return;
  wait_for (at_start, &f, 5000, "the list to show its start");
  wait_for (laid_out, &f, 5000, "the list to be laid out");

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (&f, "scroller")));
  row_height = gtk_adjustment_get_upper (adjustment) / n_rows (&f);
  on_screen = (guint) (gtk_adjustment_get_page_size (adjustment) / row_height);
  g_assert_cmpuint (on_screen, >=, 5);

  /* Every row on screen gets its details ... */
  for (at.position = 0; at.position < on_screen; at.position++)
    wait_for (row_has_details, &at, 10000, "the details of the rows on screen");
  /* ... and few rows more, however long one waits */
  run_for (500);
  n_with_details = n_rows_with_details (&f);
  g_assert_cmpuint (n_with_details, >=, on_screen);
  g_assert_cmpuint (n_with_details, <=, 3 * on_screen + 4);
  sent = kh_session_get_commands_sent (f.session);

  /* Rows scrolled into view ask for theirs */
  /* far down, where a row height off by a pixel or two puts the view off
   * by dozens of rows */
  gtk_adjustment_set_value (adjustment, 2500 * row_height);
  for (at.position = 2500; at.position < 2500 + on_screen; at.position++)
    wait_for (row_has_details, &at, 10000, "the details of the rows scrolled to");
  run_for (500);
  g_assert_cmpuint (n_rows_with_details (&f), <=, n_with_details + 3 * on_screen + 4);
  /* TYPE, PTTL and MEMORY USAGE for each, in a pipeline or two */
  g_assert_cmpuint (kh_session_get_commands_sent (f.session) - sent, <=, 3 * (3 * on_screen + 4));

  /* A namespace expanded in the tree: its first children ask, not all the
   * rows bound before the list was laid out again */
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.view-mode", "s", "tree");
  wait_for_rows (&f, 5);   /* bin, cache, counter, session, user */
  run_for (300);
  sent = kh_session_get_commands_sent (f.session);
  {
    g_autoptr(GObject) row = g_list_model_get_item (kh_key_browser_get_model (f.browser), 4);

    gtk_tree_list_row_set_expanded (GTK_TREE_LIST_ROW (row), TRUE);
  }
  wait_for_rows (&f, 5 + N_USERS);
  for (at.position = 5; at.position < on_screen; at.position++)
    wait_for (row_has_details, &at, 10000, "the details of the namespace's first keys");
  run_for (500);
  g_assert_cmpuint (kh_session_get_commands_sent (f.session) - sent, <=, 3 * (3 * on_screen + 4));

  fixture_close (&f);
}

#define N_EXPIRING 400
#define N_STAYING  5

typedef struct {
  Fixture *f;
  guint    n_keys;
} KeyCount;

static gboolean
has_n_keys (gpointer data)
{
  KeyCount *count = data;

  return kh_key_index_get_n_keys (kh_key_browser_get_index (count->f->browser)) == count->n_keys;
}

/* The row of a namespace or key, by the name it shows */
static KhKeyItem *
find_row (Fixture    *f,
          const char *name)
{
  for (guint i = 0; i < n_rows (f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (f, i);

      if (g_str_equal (kh_key_item_get_name (item), name))
        return g_steal_pointer (&item);
    }
  return NULL;
}

/* Keys whose TTL runs out leave the index, the header count and the counts
 * of their namespace: those whose details were on screen when their
 * countdown ends, the others (on screen next, or in a namespace never
 * opened) once a few are found missing, with one walk of the keyspace
 * rather than three commands for each of them */
static void
test_expiry_many (gconstpointer data)
{
  Fixture f = { 0 };
  g_autoptr(KhKeyItem) limits = NULL;
  g_autofree char *status = NULL;
  KeyCount count;
  RowAt at = { &f, 0 };
  GtkAdjustment *adjustment;
  guint on_screen;
  guint64 sent;

  if (kh_test_skip_without_display ())
    return;
  f.server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (f.server == NULL)
    return;
  {
    g_autoptr(KhSession) filler = open_session (f.server, KH_SESSION_FLAGS_NONE);
    gboolean done = FALSE;

    for (guint i = 0; i < N_EXPIRING; i++)
      {
        g_autofree char *key = g_strdup_printf ("rate-limit:10.0.%u.%u", i / 100, i % 100);
        kh_session_send_async (filler, kh_command_new_va ("SET", key, "1", "PX", "6000", NULL), NULL, NULL, NULL);
      }
    /* and in a namespace nobody opens */
    for (guint i = 0; i < N_EXPIRING; i++)
      {
        g_autofree char *key = g_strdup_printf ("limits:10.0.%u.%u", i / 100, i % 100);
        kh_session_send_async (filler, kh_command_new_va ("SET", key, "1", "PX", "6000", NULL), NULL, NULL, NULL);
      }
    for (guint i = 0; i < N_STAYING; i++)
      {
        g_autofree char *key = g_strdup_printf ("rate-limit:keep-%u", i);
        kh_session_send_async (filler, kh_command_new_va ("SET", key, "1", NULL), NULL, NULL, NULL);
      }
    kh_session_send_async (filler, kh_command_new_va ("SET", "counter", "1", NULL), NULL, on_last_reply, &done);
    kh_test_wait_until (&done, 30000);
    kh_session_close (filler);
  }

  fixture_show (&f, KH_SESSION_FLAGS_NONE);
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.view-mode", "s", "tree");
  wait_for_rows (&f, 3);   /* counter, limits, rate-limit */
  limits = find_row (&f, "rate-limit");
  g_assert_nonnull (limits);
  g_assert_cmpuint (kh_key_item_get_n_keys (limits), ==, N_EXPIRING + N_STAYING);
  {
    g_autoptr(GObject) row = g_list_model_get_item (kh_key_browser_get_model (f.browser), 2);

    gtk_tree_list_row_set_expanded (GTK_TREE_LIST_ROW (row), TRUE);
  }
  wait_for_rows (&f, 3 + N_EXPIRING + N_STAYING);
  wait_for (laid_out, &f, 5000, "the list to be laid out");
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (&f, "scroller")));
  on_screen = (guint) (gtk_adjustment_get_page_size (adjustment) / (gtk_adjustment_get_upper (adjustment) / n_rows (&f)));
  for (at.position = 3; at.position < on_screen; at.position++)
    wait_for (row_has_details, &at, 10000, "the details of the namespace's first keys");
  sent = kh_session_get_commands_sent (f.session);

  /* Past the expiry: only the keys that stay are left, also of the
   * namespace that was never opened, and its row went */
  count.f = &f;
  count.n_keys = N_STAYING + 1;
  wait_for (has_n_keys, &count, 20000, "the expired keys to leave the index");
  wait_for_rows (&f, 2 + N_STAYING);
  g_assert_null (find_row (&f, "limits"));
  g_assert_cmpuint (kh_key_item_get_n_keys (limits), ==, N_STAYING);
  status = g_strdup_printf ("%u keys", N_STAYING + 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (&f, "status_label"))), ==, status);
  for (guint i = 0; i < n_rows (&f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (&f, i);

      g_assert_false (g_str_has_prefix (kh_key_item_get_name (item), "10.0."));
    }

  /* Not three commands for each of the 800 keys that went (2,400): the
   * details of a screenful of rows (two batches may be in flight when the
   * first comes back missing), and a walk of the keyspace with SCAN */
  run_for (1500);
  g_test_message ("%" G_GUINT64_FORMAT " commands after the expiry, %u rows on screen",
                  kh_session_get_commands_sent (f.session) - sent, on_screen);
  g_assert_cmpuint (kh_session_get_commands_sent (f.session) - sent, <=, 2 * 3 * (3 * on_screen + 4) + 20);
  g_assert_cmpuint (kh_key_index_get_n_keys (kh_key_browser_get_index (f.browser)), ==, N_STAYING + 1);

  fixture_close (&f);
}

static guint
row_position (Fixture    *f,
              const char *name)
{
  for (guint i = 0; i < n_rows (f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (f, i);

      if (g_str_equal (kh_key_item_get_name (item), name))
        return i;
    }
  return G_MAXUINT;
}

typedef struct {
  Fixture    *f;
  const char *name;
  guint       before;
} RowBefore;

static gboolean
row_moved_before (gpointer data)
{
  RowBefore *moved = data;

  return row_position (moved->f, moved->name) < moved->before;
}

static gboolean
last_row_shows_unknown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *name = kh_test_find_label (GTK_WIDGET (child (f, "list_view")), "user:1499");
  GtkWidget *type;

  if (name == NULL || !gtk_widget_get_mapped (name))
    return FALSE;
  type = gtk_widget_get_next_sibling (name);
  return GTK_IS_LABEL (type) && g_str_equal (gtk_label_get_label (GTK_LABEL (type)), "unknown");
}

/* The TTL and size orders hide no key: those with details first, sorted,
 * then the others in name order, marked unknown and not asked about; the
 * note says how to sort them too; a key whose details arrive moves into
 * place */
static void
test_sorted_unknown (gconstpointer data)
{
  Fixture f = { 0 };
  GtkSingleSelection *selection;
  const char *note;
  RowAt at = { &f, 0 };
  RowBefore moved = { &f, "session:1199", 0 };
  guint n_known = 0, first_persistent = G_MAXUINT;
  guint64 sent;

  if (!fixture_show_filled (&f, data))
    return;
  wait_for (at_start, &f, 5000, "the list to show its start");
  wait_for (laid_out, &f, 5000, "the list to be laid out");
  wait_for (row_has_details, &at, 10000, "the details of the first row");
  run_for (500);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (&f, "sort_dropdown")), 1);
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS);
  for (guint i = 0; i < n_rows (&f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (&f, i);

      if (kh_key_item_get_metadata_state (item) != KH_KEY_METADATA_LOADED)
        break;
      n_known++;
      if (first_persistent == G_MAXUINT && kh_key_item_get_ttl (item) == KH_KEY_TTL_PERSISTENT)
        first_persistent = i;
      /* Keys without expiry, a tie, in name order */
      if (first_persistent != G_MAXUINT && i > first_persistent)
        {
          g_autoptr(KhKeyItem) before = row_item (&f, i - 1);
          gsize alen, blen;
          const char *a = g_bytes_get_data (kh_key_item_get_key (before), &alen);
          const char *b = g_bytes_get_data (kh_key_item_get_key (item), &blen);

          g_assert_cmpint (kh_key_compare (a, alen, b, blen, ':'), <, 0);
        }
    }
  g_assert_cmpuint (n_known, >, 0);
  g_assert_cmpuint (n_known, <, 100);
  /* The others, all of them, in name order */
  for (guint i = n_known; i < n_rows (&f); i++)
    {
      g_autoptr(KhKeyItem) item = row_item (&f, i);

      g_assert_cmpint (kh_key_item_get_metadata_state (item), ==, KH_KEY_METADATA_NONE);
    }
  {
    g_autoptr(KhKeyItem) last = row_item (&f, N_KEYS - 1);

    g_assert_cmpstr (kh_key_item_get_name (last), ==, "user:1499");
  }
  note = gtk_label_get_label (GTK_LABEL (child (&f, "note_label")));
  g_assert_nonnull (strstr (note, "keys without details follow in name order"));
  g_assert_nonnull (strstr (note, "Load All…"));

  /* The end of the list is its last key, marked unknown, and nothing is
   * asked about the keys scrolled past */
  sent = kh_session_get_commands_sent (f.session);
  gtk_widget_activate_action (GTK_WIDGET (child (&f, "list_view")), "list.scroll-to-item", "u", N_KEYS - 1);
  wait_for (last_row_shows_unknown, &f, 5000, "the last row, marked unknown");
  run_for (500);
  g_assert_cmpuint (kh_session_get_commands_sent (f.session), ==, sent);

  /* Its details asked for, a key moves into place: a session expires, so
   * before the keys that do not */
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (child (&f, "list_view"))));
  g_assert_cmpuint (row_position (&f, "session:1199"), >=, n_known);
  gtk_single_selection_set_selected (selection, row_position (&f, "session:1199"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.load-details", NULL));
  moved.before = first_persistent != G_MAXUINT ? first_persistent + 1 : n_known + 1;
  wait_for (row_moved_before, &moved, 10000, "the key to move into the TTL order");
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS);
  /* The rows on screen, at the end of the list, stayed (see KhKeyBrowserRows) */
  wait_for_frame (&f);
  assert_rows_show_their_keys (&f, 5);
  wait_for (last_row_shows_unknown, &f, 5000, "the last row, still on screen");

  /* Past the keys "Load All" asks about, the note says to filter first */
  {
    g_autoptr(KhSession) filler = open_session (f.server, KH_SESSION_FLAGS_NONE);
    gboolean done = FALSE;

    for (guint i = 0; i < 8000; i++)
      {
        g_autofree char *key = g_strdup_printf ("event:%u", i);
        kh_session_send_async (filler, kh_command_new_va ("SET", key, "1", NULL), NULL,
                               i == 7999 ? on_last_reply : NULL, &done);
      }
    kh_test_wait_until (&done, 30000);
    kh_session_close (filler);
  }
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.rescan", NULL);
  wait_for (loaded, f.browser, 30000, "the rescan");
  wait_for_rows (&f, N_KEYS + 8000);
  note = gtk_label_get_label (GTK_LABEL (child (&f, "note_label")));
  g_assert_nonnull (strstr (note, "filter the list to 10,000 keys or fewer, then choose Load All…"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (&f, "all_details_button"))));

  fixture_close (&f);
}

static gboolean
shows_all_plus_one (gpointer data)
{
  return n_rows (data) == N_KEYS + 1;
}

/* The run ended: every key has its details, the last one too */
static gboolean
all_sorted (gpointer data)
{
  g_autoptr(KhKeyItem) last = row_item (data, N_KEYS);

  return kh_key_item_get_metadata_state (last) == KH_KEY_METADATA_LOADED &&
         !gtk_widget_get_visible (GTK_WIDGET (child (data, "all_details_button")));
}

static gboolean
all_details_offered (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (child (data, "all_details_button")));
}

/* The size order sorts the keys whose details are known; on request, after a
 * dialog that says what it costs, it gets those of every key shown */
static void
test_all_details (gconstpointer data)
{
  Fixture f = { 0 };
  g_autofree char *big = g_strnfill (20000, 'x');
  GtkWidget *button;
  guint64 sent;

  if (!fixture_show_filled (&f, data))
    return;
  g_free (kh_test_server_cli (f.server, "SET", "big", big, NULL));
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.rescan", NULL);
  wait_for (loaded, f.browser, 30000, "the rescan");
  wait_for (shows_all_plus_one, &f, 10000, "the big key");

  /* By size: the keys that were on screen, then the others */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (&f, "sort_dropdown")), 2);
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS + 1);
  wait_for (all_details_offered, &f, 5000, "the offer to load every key's details");
  button = GTK_WIDGET (child (&f, "all_details_button"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Load All…");

  /* With the server stopped, the run waits: the button stops it */
  kh_test_server_pause (f.server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.all-details", NULL));
  respond ("load");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Stop");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (&f, "note_label"))), "Loading details: "));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.all-details", NULL));
  g_assert_null (find_dialog ());
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Load All…");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (child (&f, "note_label"))), "Sorted by size"));
  kh_test_server_resume (f.server);
  run_for (500);

  sent = kh_session_get_commands_sent (f.session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.all-details", NULL));
  wait_for (dialog_shown, NULL, 5000, "the dialog");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (find_dialog ()), "commands"));
  respond ("load");
  wait_for (all_sorted, &f, 30000, "every key in the size order");
  g_assert_cmpuint (n_rows (&f), ==, N_KEYS + 1);
  {
    g_autoptr(KhKeyItem) first = row_item (&f, 0);

    g_assert_cmpstr (kh_key_item_get_name (first), ==, "big");
  }
  g_assert_false (gtk_widget_get_visible (button));
  /* TYPE, PTTL and MEMORY USAGE of each key, once */
  g_assert_cmpuint (kh_session_get_commands_sent (f.session) - sent, <=, 3 * (N_KEYS + 1));

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    {
      gtk_init ();
      adw_init ();
    }

  kh_test_add_for_each_server ("/ui/key-browser", "browse", test_browse);
  kh_test_add_for_each_server ("/ui/key-browser", "details-in-view", test_details_in_view);
  kh_test_add_for_each_server ("/ui/key-browser", "all-details", test_all_details);
  kh_test_add_for_each_server ("/ui/key-browser", "sorted-unknown", test_sorted_unknown);
  kh_test_add_for_each_server ("/ui/key-browser", "read-only", test_read_only);
  kh_test_add_for_each_server ("/ui/key-browser", "expiry", test_expiry);
  kh_test_add_for_each_server ("/ui/key-browser", "expiry-many", test_expiry_many);
  kh_test_add_for_each_server ("/ui/key-browser", "empty", test_empty);

  return g_test_run ();
}
