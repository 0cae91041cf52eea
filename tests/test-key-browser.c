/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-browser.c: KhKeyBrowser loading, finding and changing the keys of
 * a real redis-server and valkey-server; how it loads the keys' details is
 * tested in test-key-browser-details.c */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-key-browser.h"
#include "kh-key-item.h"
#include "kh-test-server.h"
#include "kh-test-ui.h"
#include "kh-value-view.h"
#include "test-key-browser.h"

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
  kh_test_add_for_each_server ("/ui/key-browser", "read-only", test_read_only);
  kh_test_add_for_each_server ("/ui/key-browser", "expiry", test_expiry);
  kh_test_add_for_each_server ("/ui/key-browser", "empty", test_empty);

  return g_test_run ();
}
