/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-shortcuts.c: every shortcut the shortcuts window lists does what it
 * says, in the context it names, when pressed on the real window
 *
 * The list is read from the shortcuts window itself (help-overlay.ui): a
 * shortcut added there without a check in test-shortcuts-checks.c fails the
 * test, and so does a check left for a shortcut that is gone. Each key is pressed through the X
 * server (kh-test-keys.c), so it meets everything a user's key meets on the
 * way: the filter entry's key capture, shortcut controllers, input methods.
 * The window belongs to a KhApplication, for the application's shortcuts, and
 * is connected to a real server, whose keys the checks change.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "test-shortcuts.h"

Fixture f;

/* The shortcuts window, as GtkApplication loads it */

typedef struct {
  char *group;
  char *title;
  char *accel;   /* one alternative */
} Listed;

static void
listed_free (gpointer data)
{
  Listed *listed = data;

  g_free (listed->group);
  g_free (listed->title);
  g_free (listed->accel);
  g_free (listed);
}

static GPtrArray *
listed_shortcuts (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/app/keyhole/Keyhole/gtk/help-overlay.ui");
  GPtrArray *listed = g_ptr_array_new_with_free_func (listed_free);
  GSList *objects = gtk_builder_get_objects (builder);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      GtkWidget *group;
      g_autofree char *title = NULL;
      g_autofree char *accels = NULL;
      g_auto(GStrv) alternatives = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      group = gtk_widget_get_ancestor (l->data, GTK_TYPE_SHORTCUTS_GROUP);
      g_assert_nonnull (group);
      g_object_get (l->data, "title", &title, "accelerator", &accels, NULL);
      alternatives = g_strsplit (accels, " ", -1);
      for (guint i = 0; alternatives[i] != NULL; i++)
        {
          Listed *entry = g_new0 (Listed, 1);

          g_object_get (group, "title", &entry->group, NULL);
          entry->title = g_strdup (title);
          entry->accel = g_strdup (alternatives[i]);
          g_ptr_array_add (listed, entry);
        }
    }
  g_slist_free (objects);
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  return listed;
}

/* Set up */

static gboolean
page_loaded (gpointer page)
{
  return kh_profiles_page_get_loaded (page);
}

static gboolean
view_ready (gpointer view)
{
  return g_strcmp0 (kh_session_view_get_page_name (view), "ready") == 0;
}

static gboolean
keys_loaded (gpointer data)
{
  return !kh_key_browser_get_loading (f.browser) &&
         kh_key_index_get_n_keys (kh_key_browser_get_index (f.browser)) > 0;
}

static void
fill_server (void)
{
  static const char *commands[][8] = {
    { "SET", "greeting", "hello" },
    { "HSET", "profile", "field0", "a", "field1", "b", "field2", "c" },
    { "RPUSH", "queue", "a", "b", "c" },
    { "SADD", "tags", "x", "y" },
    { "ZADD", "scores", "1", "a" },
    { "XADD", "events", "*", "k", "v" },
    { "SET", "ns:one", "1" },
    { "SET", "ns:two", "2" },
  };

  /* One line longer than the editor takes: shown by the large value view */
  {
    g_autofree char *line = g_strnfill (LONG_LINE_LENGTH, 'x');
    g_autofree char *out = kh_test_server_cli (f.server, "SET", "long-line", line, NULL);

    g_assert_cmpstr (out, ==, "OK");
  }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *const *c = commands[i];
      g_autofree char *out = kh_test_server_cli (f.server, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], NULL);

      g_assert_nonnull (out);
    }
}

/* The window of an application, connected to a server with keys; FALSE when
 * the test cannot run here (it said why) */
static gboolean
ensure_fixture (void)
{
  static gboolean tried;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (tried)
    return f.browser != NULL;
  tried = TRUE;

  if (kh_test_skip_without_display ())
    return FALSE;
  if (!kh_test_keys_available ())
    {
      if (kh_test_servers_required ())
        g_test_fail_printf ("Needs an X display with the XTEST extension (Xvfb)");
      else
        g_test_skip ("Needs an X display with the XTEST extension (Xvfb)");
      return FALSE;
    }
  f.server = kh_test_server_start (KH_TEST_SERVER_VALKEY, KH_TEST_SERVER_DEFAULT);
  if (f.server == NULL)
    f.server = kh_test_server_start (KH_TEST_SERVER_REDIS, KH_TEST_SERVER_DEFAULT);
  if (f.server == NULL)
    return FALSE;
  fill_server ();

  f.app = kh_application_new ();
  /* No D-Bus name: this test must not meet a running Keyhole */
  g_application_set_flags (G_APPLICATION (f.app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (f.app), NULL, &error));
  g_assert_no_error (error);

  path = g_build_filename (g_get_user_config_dir (), "shortcuts-profiles.json", NULL);
  f.store = kh_profile_store_new (path);
  f.window = kh_window_new_with_store (GTK_APPLICATION (f.app), f.store);
  gtk_window_present (GTK_WINDOW (f.window));
  kh_test_wait_for (page_loaded, kh_window_get_profiles_page (f.window), 10000);

  /* Economy mode: Load Details has something to do */
  f.profile = kh_profile_new ();
  kh_profile_set_name (f.profile, "Shortcuts");
  kh_profile_set_host (f.profile, "127.0.0.1");
  kh_profile_set_port (f.profile, f.server->port);
  kh_profile_set_economy (f.profile, TRUE);
  kh_profile_store_add (f.store, f.profile);

  f.view = kh_window_open_profile (f.window, f.profile);
  kh_test_wait_for (view_ready, f.view, 20000);
  show_page ("keys");
  f.browser = KH_KEY_BROWSER (kh_test_find_widget_of_type (GTK_WIDGET (f.view), KH_TYPE_KEY_BROWSER));
  g_assert_nonnull (f.browser);
  kh_test_wait_for (keys_loaded, NULL, 20000);
  return TRUE;
}

static void
fixture_clear (void)
{
  if (f.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f.window));
  kh_test_iterate_briefly ();
  g_clear_object (&f.profile);
  g_clear_object (&f.store);
  g_clear_object (&f.app);
  g_clear_pointer (&f.server, kh_test_server_stop);
}

/* Tests */

static void
test_every_shortcut (void)
{
  g_autoptr(GPtrArray) listed = NULL;

  if (!ensure_fixture ())
    return;

  listed = listed_shortcuts ();
  g_assert_cmpuint (listed->len, >, 30);

  /* Each shortcut listed has its check */
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *entry = g_ptr_array_index (listed, i);
      gboolean found = FALSE;

      for (guint c = 0; c < n_checks && !found; c++)
        found = g_str_equal (checks[c].group, entry->group) && g_str_equal (checks[c].title, entry->title);
      if (!found)
        g_error ("“%s” (%s, in “%s”) has no check in test-shortcuts.c", entry->title, entry->accel, entry->group);
    }

  /* In the table's order: Quit last */
  for (guint c = 0; c < n_checks; c++)
    for (guint i = 0; i < listed->len; i++)
      {
        Listed *entry = g_ptr_array_index (listed, i);

        if (!g_str_equal (checks[c].group, entry->group) || !g_str_equal (checks[c].title, entry->title))
          continue;
        g_test_message ("%s: %s (%s)", entry->group, entry->title, entry->accel);
        checks[c].check (entry->accel);
        checks[c].n_checked++;
      }

  for (guint c = 0; c < n_checks; c++)
    if (checks[c].n_checked == 0)
      g_error ("“%s” in “%s” is checked but no longer in the shortcuts window", checks[c].title, checks[c].group);
}

/* The keypad's Delete deletes too, and the menus name the main key */
static void
test_keypad_delete (void)
{
  GtkWidget *popover;
  GtkWidget *accel_label = NULL;

  if (!ensure_fixture ())
    return;

  check_delete_key ("KP_Delete");

  focus_key_row ("greeting");
  gtk_menu_button_popup (f.browser->menu_button);
  kh_test_iterate_briefly ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (f.browser->menu_button));
  g_assert_nonnull (popover);
  for (GtkWidget *w = kh_test_find_label (popover, "_Delete…"); w != NULL && accel_label == NULL; w = gtk_widget_get_parent (w))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL; child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LABEL (child) && g_str_equal (gtk_widget_get_css_name (child), "accelerator"))
          accel_label = child;
    }
  g_assert_nonnull (accel_label);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (accel_label)), ==, "Delete");
  gtk_menu_button_popdown (f.browser->menu_button);
  kh_test_iterate_briefly ();
}

/* Typing on the list still filters it; the keys the browser uses do not */
static void
test_typing_filters (void)
{
  GtkEditable *search;

  if (!ensure_fixture ())
    return;

  search = GTK_EDITABLE (f.browser->search_entry);
  focus_key_row ("greeting");
  kh_test_press ("q");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "q");
  kh_test_press ("u");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "qu");
  kh_test_press ("BackSpace");
  kh_test_press ("BackSpace");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  /* Delete and Shift+Delete are the browser's */
  focus_key_row ("greeting");
  gtk_editable_set_text (search, "gre");
  gtk_editable_set_position (search, 0);
  kh_test_press ("Delete");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "gre");
  wait_for_message_dialog ("Delete “greeting”?");
  escape_message_dialog ();
  gtk_editable_set_text (search, "");
}

static gboolean
focus_somewhere (gpointer data)
{
  return focus_widget () != NULL;
}

/* Add Field from the keyboard: the button that asked is disabled while the
 * field is written, and the focus comes back all the same; Enter in the
 * dialog's rows answers it */
static void
test_dialog_focus (void)
{
  GtkWidget *add;
  AdwMessageDialog *dialog;
  gint64 before;

  if (!ensure_fixture ())
    return;

  before = hash_len ();
  focus_key_row ("profile");
  add = kh_test_find_actionable (value_view (), "hash.add");
  g_assert_nonnull (add);
  g_assert_true (gtk_widget_grab_focus (add));
  kh_test_press ("space");
  dialog = wait_for_message_dialog ("Add Field");
  kh_test_focus_window (GTK_WINDOW (dialog));
  /* The first row has the focus: the field, then the value */
  type_text ("new");
  kh_test_press ("Tab");
  type_text ("v");
  kh_test_press ("Return");
  kh_test_wait_for (message_dialog_hidden, NULL, 5000);
  kh_test_wait_for (hash_grew, GSIZE_TO_POINTER (before), 10000);
  /* Wherever the focus is, it is somewhere: the keyboard goes on working */
  kh_test_wait_for (focus_somewhere, NULL, 5000);
  g_assert_true (focus_in (value_view ()));
}

static gboolean
is_entry_for (GtkWidget     *widget,
              gconstpointer  placeholder)
{
  return GTK_IS_ENTRY (widget) && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), placeholder) == 0;
}

static gboolean
stream_grew (gpointer data)
{
  return cli_int ("XLEN", "events", NULL) > (gint64) GPOINTER_TO_SIZE (data);
}

static gboolean
ttl_set (gpointer name)
{
  gint64 ttl = cli_int ("TTL", name, NULL);

  return ttl > 0 && ttl <= 120;
}

/* Enter answers the dialogs and popovers that ask for text; the Set TTL and
 * Go to Key dialogs and Add Field are in the other tests */
static void
test_enter_in_dialogs (void)
{
  AdwMessageDialog *dialog;
  GtkWidget *stream;
  GtkWidget *view;
  GtkWidget *ttl_button;
  GtkWidget *spin;
  gint64 before;
  g_autofree char *ok = NULL;

  if (!ensure_fixture ())
    return;

  /* A stream's Add Entry, from its value field */
  before = cli_int ("XLEN", "events", NULL);
  focus_key_row ("events");
  stream = kh_test_find_widget_of_type (value_view (), KH_TYPE_STREAM_VIEW);
  g_assert_nonnull (stream);
  g_assert_true (gtk_widget_activate_action (stream, "stream.add", NULL));
  dialog = wait_for_message_dialog ("Add Entry");
  kh_test_focus_window (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_grab_focus (kh_test_find_widget (GTK_WIDGET (dialog), is_entry_for, "Field")));
  type_text ("f");
  g_assert_true (gtk_widget_grab_focus (kh_test_find_widget (GTK_WIDGET (dialog), is_entry_for, "Value")));
  type_text ("v");
  kh_test_press ("Return");
  kh_test_wait_for (message_dialog_hidden, NULL, 5000);
  kh_test_wait_for (stream_grew, GSIZE_TO_POINTER (before), 10000);

  /* The value side's TTL popover */
  ok = cli ("PERSIST", "greeting", NULL);
  focus_key_row ("greeting");
  view = value_view ();
  ttl_button = GTK_WIDGET (gtk_widget_get_template_child (view, KH_TYPE_VALUE_VIEW, "ttl_button"));
  gtk_menu_button_popup (GTK_MENU_BUTTON (ttl_button));
  kh_test_iterate_briefly ();
  spin = kh_test_find_widget_of_type (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (ttl_button))),
                                      GTK_TYPE_SPIN_BUTTON);
  g_assert_true (gtk_widget_grab_focus (spin));
  kh_test_press ("<Primary>a");
  type_text ("120");
  kh_test_press ("Return");
  kh_test_wait_for (ttl_set, "greeting", 10000);
  ok = (g_free (ok), cli ("PERSIST", "greeting", NULL));
}

/* What works everywhere is not also something else somewhere */
static void
test_global_shortcuts_unique (void)
{
  g_autoptr(GPtrArray) listed = NULL;

  if (kh_test_skip_without_display ())
    return;

  listed = listed_shortcuts ();
  for (guint i = 0; i < listed->len; i++)
    {
      Listed *a = g_ptr_array_index (listed, i);

      if (!g_str_equal (a->group, "General") && !g_str_equal (a->group, "Tabs"))
        continue;
      for (guint j = 0; j < listed->len; j++)
        {
          Listed *b = g_ptr_array_index (listed, j);

          if (i != j && g_str_equal (a->accel, b->accel))
            g_error ("%s is both “%s” (%s) and “%s” (%s)", a->accel, a->title, a->group, b->title, b->group);
        }
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Before anything reads it: the application's store lives in the default path */
  config_dir = g_dir_make_tmp ("kh-test-shortcuts-XXXXXX", NULL);
  g_assert_nonnull (config_dir);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);

  kh_test_ui_init ();

  g_test_add_func ("/ui/shortcuts/global-unique", test_global_shortcuts_unique);
  g_test_add_func ("/ui/shortcuts/typing-filters", test_typing_filters);
  g_test_add_func ("/ui/shortcuts/keypad-delete", test_keypad_delete);
  g_test_add_func ("/ui/shortcuts/dialog-focus", test_dialog_focus);
  g_test_add_func ("/ui/shortcuts/enter-in-dialogs", test_enter_in_dialogs);
  g_test_add_func ("/ui/shortcuts/every-shortcut", test_every_shortcut);

  ret = g_test_run ();
  fixture_clear ();
  remove_tree (config_dir);
  return ret;
}
