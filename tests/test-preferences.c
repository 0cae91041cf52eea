/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-preferences.c: the preferences window, its action, and the connection
 * tabs a window remembers, under a real display */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kh-application.h"
#include "kh-preferences-window.h"
#include "kh-window.h"
#include "kh-test-ui.h"

static char *tmp_dir;
/* A registered GApplication stays exported on the bus for the rest of the
 * process, so the tests share one. */
static KhApplication *shared_app;
static char *tmp_profiles_path;

/* A fresh settings object with every key at its default (GSETTINGS_BACKEND=memory). */
static GSettings *
new_default_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  return kh_test_find_widget (widget, is_row_titled, title);
}

/* The widget of @type inside the row titled @title. */
static GtkWidget *
find_in_row (GtkWidget  *window,
             const char *title,
             GType       type)
{
  GtkWidget *row = find_row (window, title);

  g_assert_nonnull (row);
  return kh_test_find_widget_of_type (row, type);
}

static void
test_preferences_bindings (void)
{
  g_autoptr(GSettings) settings = NULL;
  KhPreferencesWindow *window;
  GtkWidget *style, *poll, *span, *delimiter, *economy;
  g_autofree char *text = NULL;

  if (kh_test_skip_without_display ())
    return;

  settings = new_default_settings ();
  window = kh_preferences_window_new (settings);
  g_assert_true (kh_preferences_window_get_settings (window) == settings);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_iterate_briefly ();

  style = find_row (GTK_WIDGET (window), "_Style");
  poll = find_in_row (GTK_WIDGET (window), "_Refresh Interval", GTK_TYPE_SPIN_BUTTON);
  span = find_in_row (GTK_WIDGET (window), "_Chart Span", GTK_TYPE_SPIN_BUTTON);
  delimiter = find_row (GTK_WIDGET (window), "Key _Delimiter");
  economy = find_in_row (GTK_WIDGET (window), "_Economy Mode", GTK_TYPE_SWITCH);
  g_assert_true (ADW_IS_COMBO_ROW (style));
  g_assert_nonnull (poll);
  g_assert_nonnull (span);
  g_assert_true (ADW_IS_ENTRY_ROW (delimiter));
  g_assert_nonnull (economy);

  /* The rows show the schema defaults. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (style)), ==, 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (poll)), ==, 2);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (span)), ==, 10);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (delimiter)), ==, ":");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (economy)));

  /* Row to setting. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (style), 2);
  text = g_settings_get_string (settings, "style");
  g_assert_cmpstr (text, ==, "dark");
  g_clear_pointer (&text, g_free);

  /* The interval says what it costs. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (GTK_WIDGET (window), "_Refresh Interval"))),
                            "INFO every 2 seconds: 1800 commands an hour"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (poll), 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval"), ==, 5);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (GTK_WIDGET (window), "_Refresh Interval"))),
                            "INFO every 5 seconds: 720 commands an hour"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (span), 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "chart-span"), ==, 30);

  gtk_editable_set_text (GTK_EDITABLE (delimiter), "/");
  text = g_settings_get_string (settings, "default-delimiter");
  g_assert_cmpstr (text, ==, "/");
  g_clear_pointer (&text, g_free);
  /* Cleared, the last real delimiter stays. */
  gtk_editable_set_text (GTK_EDITABLE (delimiter), "");
  text = g_settings_get_string (settings, "default-delimiter");
  g_assert_cmpstr (text, ==, "/");
  g_clear_pointer (&text, g_free);

  gtk_switch_set_active (GTK_SWITCH (economy), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "economy-default"));

  /* Setting to row. */
  g_settings_set_string (settings, "style", "light");
  g_settings_set_uint (settings, "poll-interval", 60);
  g_settings_set_uint (settings, "chart-span", 1);
  g_settings_set_string (settings, "default-delimiter", "|");
  g_settings_set_boolean (settings, "economy-default", FALSE);
  kh_test_iterate_briefly ();
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (style)), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (poll)), ==, 60);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (span)), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (delimiter)), ==, "|");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (economy)));

  /* The spin buttons keep to the schema's range. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (poll), 500);
  g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval"), ==, 60);

  gtk_window_destroy (GTK_WINDOW (window));
}

static KhApplication *
get_registered_app (void)
{
  g_autoptr(GError) error = NULL;

  if (shared_app != NULL)
    return shared_app;

  shared_app = kh_application_new ();
  /* No D-Bus name: these tests must not meet a running Keyhole. */
  g_application_set_flags (G_APPLICATION (shared_app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, &error));
  g_assert_no_error (error);
  return shared_app;
}

static gboolean
style_is_dark (gpointer data)
{
  return adw_style_manager_get_color_scheme (adw_style_manager_get_default ()) ==
         ADW_COLOR_SCHEME_FORCE_DARK;
}

static void
test_preferences_action (void)
{
  KhApplication *app;
  g_autoptr(GSettings) settings = NULL;
  g_auto(GStrv) accels = NULL;
  KhWindow *window;
  GtkWindow *preferences;
  GtkWidget *style;

  if (kh_test_skip_without_display ())
    return;

  settings = new_default_settings ();
  app = get_registered_app ();

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  g_assert_true (kh_test_has_accel (accels, "<Primary>comma"));

  window = kh_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  kh_test_iterate_briefly ();

  g_assert_null (kh_test_find_toplevel (KH_TYPE_PREFERENCES_WINDOW));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  kh_test_iterate_briefly ();
  preferences = kh_test_find_toplevel (KH_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (preferences));
  g_assert_nonnull (kh_preferences_window_get_settings (KH_PREFERENCES_WINDOW (preferences)));

  /* Choosing Dark there reaches the style manager through the application. */
  style = find_row (GTK_WIDGET (preferences), "_Style");
  g_assert_nonnull (style);
  adw_combo_row_set_selected (ADW_COMBO_ROW (style), 2);
  kh_test_iterate_until (style_is_dark, NULL, 10000);
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  g_settings_reset (settings, "style");
  kh_test_iterate_briefly ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (preferences);
  gtk_window_destroy (GTK_WINDOW (window));
  kh_test_iterate_briefly ();
}

/* Open profiles */

typedef struct {
  gboolean done;
  gboolean ok;
} Wait;

static void
on_store_saved (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->ok = kh_profile_store_save_finish (KH_PROFILE_STORE (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static void
on_store_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->ok = kh_profile_store_load_finish (KH_PROFILE_STORE (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static gboolean
wait_is_done (gpointer data)
{
  return ((Wait *) data)->done;
}

/* A profile on a loopback port nothing listens on: its tab fails fast. */
static KhProfile *
new_closed_port_profile (const char *name)
{
  KhProfile *profile = kh_profile_new ();

  kh_profile_set_name (profile, name);
  kh_profile_set_host (profile, "127.0.0.1");
  kh_profile_set_port (profile, 1);
  return profile;
}

/* Writes three profiles to @path (a new file in tmp_dir by default) and
 * their ids to @ids_out; returns the path. */
static char *
write_profiles_file (const char *path,
                     GPtrArray  *ids_out)
{
  static const char *names[] = { "one", "two", "three" };
  g_autoptr(KhProfileStore) store = NULL;
  Wait wait = { 0 };

  store = kh_profile_store_new (path);
  kh_profile_store_load_async (store, NULL, on_store_loaded, &wait);
  kh_test_iterate_until (wait_is_done, &wait, 10000);
  g_assert_true (wait.ok);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KhProfile) profile = new_closed_port_profile (names[i]);

      kh_profile_store_add (store, profile);
      g_ptr_array_add (ids_out, g_strdup (kh_profile_get_id (profile)));
    }

  wait = (Wait) { 0 };
  kh_profile_store_save_async (store, NULL, on_store_saved, &wait);
  kh_test_iterate_until (wait_is_done, &wait, 10000);
  g_assert_true (wait.ok);

  return g_strdup (kh_profile_store_get_path (store));
}

static gboolean
n_pages_is_three (gpointer data)
{
  return adw_tab_view_get_n_pages (kh_window_get_tab_view (KH_WINDOW (data))) == 3;
}

static gboolean
page_is_loaded (gpointer data)
{
  return kh_profiles_page_get_loaded (KH_PROFILES_PAGE (data));
}

static void
test_window_open_profiles (void)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KhProfileStore) store = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) open_ids = NULL;
  g_auto(GStrv) saved = NULL;
  KhWindow *window;
  AdwTabView *tab_view;
  const char *reopen[4];

  if (kh_test_skip_without_display ())
    return;

  settings = new_default_settings ();
  path = write_profiles_file (tmp_profiles_path, ids);

  /* Asked before the store is loaded: the tabs open once it is. An id that is
   * no longer saved is skipped; the order is kept. */
  store = kh_profile_store_new (path);
  window = kh_window_new_with_store (NULL, store);
  reopen[0] = ids->pdata[2];
  reopen[1] = "deleted-long-ago";
  reopen[2] = ids->pdata[0];
  reopen[3] = NULL;
  kh_window_reopen_profiles (window, reopen);
  gtk_window_present (GTK_WINDOW (window));

  kh_test_iterate_until (n_pages_is_three, window, 10000);
  tab_view = kh_window_get_tab_view (window);
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 3);

  open_ids = kh_window_dup_open_profile_ids (window);
  g_assert_cmpuint (g_strv_length (open_ids), ==, 2);
  g_assert_cmpstr (open_ids[0], ==, ids->pdata[2]);
  g_assert_cmpstr (open_ids[1], ==, ids->pdata[0]);

  /* Asking again for an open profile selects its tab, and adds none. */
  reopen[0] = ids->pdata[0];
  reopen[1] = NULL;
  kh_window_reopen_profiles (window, reopen);
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 3);

  /* Closing the window keeps the open tabs for the next start. */
  g_assert_cmpuint (g_strv_length (saved = g_settings_get_strv (settings, "open-profiles")), ==, 0);
  g_clear_pointer (&saved, g_strfreev);
  gtk_window_close (GTK_WINDOW (window));
  kh_test_iterate_briefly ();
  saved = g_settings_get_strv (settings, "open-profiles");
  g_assert_cmpuint (g_strv_length (saved), ==, 2);
  g_assert_cmpstr (saved[0], ==, ids->pdata[2]);
  g_assert_cmpstr (saved[1], ==, ids->pdata[0]);

  g_remove (path);
}

static void
test_window_no_open_profiles (void)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KhProfileStore) store = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) saved = NULL;
  g_auto(GStrv) open_ids = NULL;
  const char *stale[] = { "stale", NULL };
  KhWindow *window;

  if (kh_test_skip_without_display ())
    return;

  settings = new_default_settings ();
  g_settings_set_strv (settings, "open-profiles", stale);
  path = write_profiles_file (tmp_profiles_path, ids);
  store = kh_profile_store_new (path);
  window = kh_window_new_with_store (NULL, store);
  kh_window_reopen_profiles (window, NULL);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_iterate_until (page_is_loaded, kh_window_get_profiles_page (window), 10000);
  g_assert_true (kh_profiles_page_get_loaded (kh_window_get_profiles_page (window)));
  kh_test_iterate_briefly ();

  /* Nothing to reopen, nothing opened; closing forgets the old list. */
  g_assert_cmpint (adw_tab_view_get_n_pages (kh_window_get_tab_view (window)), ==, 1);
  open_ids = kh_window_dup_open_profile_ids (window);
  g_assert_cmpuint (g_strv_length (open_ids), ==, 0);
  gtk_window_close (GTK_WINDOW (window));
  kh_test_iterate_briefly ();
  saved = g_settings_get_strv (settings, "open-profiles");
  g_assert_cmpuint (g_strv_length (saved), ==, 0);

  g_remove (path);
}

/* Closed before its store loaded, a window keeps the tabs it was to reopen. */
static void
test_window_open_profiles_closed_early (void)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KhProfileStore) store = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) saved = NULL;
  const char *kept[3];
  KhWindow *window;

  if (kh_test_skip_without_display ())
    return;

  settings = new_default_settings ();
  path = write_profiles_file (tmp_profiles_path, ids);
  kept[0] = ids->pdata[0];
  kept[1] = ids->pdata[1];
  kept[2] = NULL;

  store = kh_profile_store_new (path);
  window = kh_window_new_with_store (NULL, store);
  gtk_window_present (GTK_WINDOW (window));
  kh_window_reopen_profiles (window, kept);
  g_assert_false (kh_profiles_page_get_loaded (kh_window_get_profiles_page (window)));
  gtk_window_close (GTK_WINDOW (window));
  kh_test_iterate_briefly ();

  saved = g_settings_get_strv (settings, "open-profiles");
  g_assert_cmpuint (g_strv_length (saved), ==, 2);
  g_assert_cmpstr (saved[0], ==, ids->pdata[0]);
  g_assert_cmpstr (saved[1], ==, ids->pdata[1]);

  g_remove (path);
}

/* The application's first window reopens the tabs kept in the settings;
 * later windows start with the connections list only. */
static void
test_application_reopen_tabs (void)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  KhApplication *app;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *default_path = kh_profile_store_get_default_path ();
  g_autofree char *path = NULL;
  g_auto(GStrv) open_ids = NULL;
  const char *kept[3];
  GtkWindow *first;
  GList *windows;

  if (kh_test_skip_without_display ())
    return;

  settings = new_default_settings ();
  path = write_profiles_file (default_path, ids);
  kept[0] = ids->pdata[1];
  kept[1] = ids->pdata[0];
  kept[2] = NULL;
  g_settings_set_strv (settings, "open-profiles", kept);

  /* The first activation of this run: no test before activates. */
  app = get_registered_app ();
  g_application_activate (G_APPLICATION (app));
  first = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (KH_IS_WINDOW (first));
  kh_test_iterate_until (n_pages_is_three, first, 10000);
  open_ids = kh_window_dup_open_profile_ids (KH_WINDOW (first));
  g_assert_cmpuint (g_strv_length (open_ids), ==, 2);
  g_assert_cmpstr (open_ids[0], ==, ids->pdata[1]);
  g_assert_cmpstr (open_ids[1], ==, ids->pdata[0]);

  /* Activated again (Keyhole launched a second time): the same window, no new tabs. */
  g_application_activate (G_APPLICATION (app));
  kh_test_iterate_briefly ();
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == first);
  g_assert_cmpint (adw_tab_view_get_n_pages (kh_window_get_tab_view (KH_WINDOW (first))), ==, 3);

  /* A new window starts with the connections list only. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  kh_test_iterate_briefly ();
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 2);
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (l->data != first)
        g_assert_cmpint (adw_tab_view_get_n_pages (kh_window_get_tab_view (KH_WINDOW (l->data))), ==, 1);
    }

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  kh_test_iterate_briefly ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("kh-test-preferences-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  /* The application's store and keyring lookups stay away from the user's files. */
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  tmp_profiles_path = g_build_filename (tmp_dir, "profiles.json", NULL);

  kh_test_ui_init ();

  g_test_add_func ("/ui/preferences/bindings", test_preferences_bindings);
  g_test_add_func ("/ui/preferences/action", test_preferences_action);
  g_test_add_func ("/ui/window/open-profiles/reopen-and-save", test_window_open_profiles);
  g_test_add_func ("/ui/window/open-profiles/none", test_window_no_open_profiles);
  g_test_add_func ("/ui/window/open-profiles/closed-early", test_window_open_profiles_closed_early);
  g_test_add_func ("/ui/application/reopen-tabs", test_application_reopen_tabs);

  ret = g_test_run ();

  {
    g_autofree char *default_path = kh_profile_store_get_default_path ();
    g_autofree char *default_dir = g_path_get_dirname (default_path);

    g_remove (default_path);
    g_rmdir (default_dir);
  }
  g_rmdir (tmp_dir);
  g_clear_object (&shared_app);
  g_free (tmp_profiles_path);
  g_free (tmp_dir);
  return ret;
}
