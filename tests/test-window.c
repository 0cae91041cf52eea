/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the application and its main window, under a real display */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#include <gsk/gskcairorenderer.h>

#include "kh-application.h"
#include "kh-profile-dialog.h"
#include "kh-session-view.h"
#include "kh-window.h"
#include "kh-test-server.h"
#include "kh-test-ui.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhTestServer, kh_test_server_stop)

/* Each window gets a profiles file of its own in here, so no test reads the
 * user's connections. */
static char *profiles_dir;

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
class_has_action (GtkWidget  *widget,
                  const char *action_name)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
  GType owner;
  const char *name;
  const GVariantType *parameter_type;
  const char *property_name;
  guint i = 0;

  /* GTK 4.8 writes to every out argument, so none may be NULL. */
  while (gtk_widget_class_query_action (klass, i++, &owner, &name, &parameter_type, &property_name))
    {
      if (g_strcmp0 (name, action_name) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
page_is_loaded (gpointer data)
{
  return kh_profiles_page_get_loaded (KH_PROFILES_PAGE (data));
}

/* A window on an empty profiles file, mapped, its profiles loaded. */
static KhWindow *
present_new_window (void)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("profiles-%u.json", counter++);
  g_autofree char *path = g_build_filename (profiles_dir, name, NULL);
  g_autoptr(KhProfileStore) store = kh_profile_store_new (path);
  KhWindow *window = kh_window_new_with_store (NULL, store);

  gtk_window_present (GTK_WINDOW (window));
  kh_test_iterate_until (widget_is_mapped, window, 10000);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  kh_test_iterate_until (page_is_loaded, kh_window_get_profiles_page (window), 10000);
  g_assert_true (kh_profiles_page_get_loaded (kh_window_get_profiles_page (window)));
  /* The stack's crossfade maps the welcome page on the next frames. */
  kh_test_iterate_briefly ();

  return window;
}

static void
test_window_start_page (void)
{
  KhWindow *window;
  GtkWidget *status_page;
  GtkWidget *title;
  int width, height;

  if (kh_test_skip_without_display ())
    return;

  window = present_new_window ();

  status_page = kh_test_find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status_page);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "Welcome to Keyhole");
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status_page)), ==, APP_ID);

  /* The title is on screen, not just set. */
  title = kh_test_find_label (GTK_WIDGET (window), "Welcome to Keyhole");
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_mapped (title));

  for (guint i = 0; i < 4; i++)
    {
      static const char *labels[] = { "Open Sandbox", "Add Connection…", "Paste URL…", "Import .env…" };
      GtkWidget *label = kh_test_find_label (status_page, labels[i]);

      g_assert_nonnull (label);
      g_assert_true (gtk_widget_get_mapped (label));
    }

  /* The schema defaults (GSETTINGS_BACKEND=memory) give the designed size. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  g_assert_cmpint (height, ==, 720);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_tabs (void)
{
  KhWindow *window;
  AdwTabView *tab_view;
  AdwTabPage *connections;
  GtkWidget *tab_bar;

  if (kh_test_skip_without_display ())
    return;

  window = present_new_window ();
  tab_view = kh_window_get_tab_view (window);

  /* One tab, pinned, holding the list of connections. */
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);
  connections = adw_tab_view_get_nth_page (tab_view, 0);
  g_assert_true (adw_tab_page_get_pinned (connections));
  g_assert_cmpstr (adw_tab_page_get_title (connections), ==, "Connections");
  g_assert_true (adw_tab_page_get_child (connections) == GTK_WIDGET (kh_window_get_profiles_page (window)));
  /* Alone, it needs no tab bar. */
  tab_bar = kh_test_find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_TAB_BAR);
  g_assert_nonnull (tab_bar);
  g_assert_false (gtk_widget_get_visible (tab_bar));

  /* It cannot be closed, by Ctrl+W's action or otherwise. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL));
  adw_tab_view_close_page (tab_view, connections);
  kh_test_iterate_briefly ();
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);

  g_assert_true (class_has_action (GTK_WIDGET (window), "win.show-connections"));
  g_assert_true (class_has_action (GTK_WIDGET (window), "win.edit-profile"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_actions (void)
{
  static const char *actions[] = {
    "win.open-sandbox", "win.add-connection", "win.add-local", "win.paste-url", "win.import-env",
  };
  KhWindow *window;
  GtkWidget *button;

  if (kh_test_skip_without_display ())
    return;

  window = present_new_window ();

  /* In the add menu, not on buttons */
  g_assert_true (class_has_action (GTK_WIDGET (window), "win.export-profiles"));
  g_assert_true (class_has_action (GTK_WIDGET (window), "win.import-profiles"));

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_assert_true (class_has_action (GTK_WIDGET (window), actions[i]));
      button = kh_test_find_actionable (GTK_WIDGET (window), actions[i]);
      g_assert_nonnull (button);
      /* An actionable widget is insensitive while its action is missing or disabled. */
      g_assert_true (gtk_widget_is_sensitive (button));
    }

  button = kh_test_find_actionable (GTK_WIDGET (window), "win.add-connection");
  gtk_widget_action_set_enabled (GTK_WIDGET (window), "win.add-connection", FALSE);
  kh_test_iterate_briefly ();
  g_assert_false (gtk_widget_is_sensitive (button));
  gtk_widget_action_set_enabled (GTK_WIDGET (window), "win.add-connection", TRUE);
  kh_test_iterate_briefly ();
  g_assert_true (gtk_widget_is_sensitive (button));

  /* Add Connection opens the profile dialog, for the window. */
  g_assert_null (kh_test_find_toplevel (KH_TYPE_PROFILE_DIALOG));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-connection", NULL));
  kh_test_iterate_briefly ();
  {
    GtkWindow *dialog = kh_test_find_toplevel (KH_TYPE_PROFILE_DIALOG);

    g_assert_nonnull (dialog);
    g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
    g_assert_true (gtk_window_get_modal (dialog));
    g_assert_cmpstr (gtk_window_get_title (dialog), ==, "New Connection");
    gtk_window_destroy (dialog);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_primary_menu (void)
{
  KhWindow *window;
  GtkWidget *menu_button;
  GMenuModel *menu;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  if (kh_test_skip_without_display ())
    return;

  window = present_new_window ();

  menu_button = kh_test_find_widget_of_type (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));

  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (menu);
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      g_assert_nonnull (section);
      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          char *action = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            g_ptr_array_add (found, action);
        }
    }

  g_assert_true (g_ptr_array_find_with_equal_func (found, "app.about", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (found, "win.show-help-overlay", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (found, "app.quit", g_str_equal, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;
  g_autoptr(GPtrArray) accels = g_ptr_array_new_with_free_func (g_free);
  GSList *objects;

  if (kh_test_skip_without_display ())
    return;

  /* GtkApplication loads it from this exact path; a typo there hides the window. */
  builder = gtk_builder_new_from_resource ("/app/keyhole/Keyhole/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));

  objects = gtk_builder_get_objects (builder);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      char *accel = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accel, NULL);
      g_ptr_array_add (accels, accel);
    }
  g_slist_free (objects);

  g_assert_true (g_ptr_array_find_with_equal_func (accels, "<Primary>q", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (accels, "<Primary>n", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (accels, "<Primary>question", g_str_equal, NULL));

  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The ids of the System V shared memory segments this process has mapped:
 * cairo's Xlib backend sends frames to the X server through them */
static GArray *
mapped_segments (void)
{
  g_autofree char *maps = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  lines = g_strsplit (maps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      guint64 id;

      if (strstr (lines[i], "/SYSV") == NULL)
        continue;
      fields = g_strsplit_set (lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (fields), >=, 5);
      id = g_ascii_strtoull (fields[4], NULL, 10);
      g_array_append_val (ids, id);
    }
  return ids;
}

static gboolean
array_has (GArray  *ids,
           guint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, guint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
on_after_paint (GdkFrameClock *clock,
                guint         *painted)
{
  (*painted)++;
}

/* With the cairo renderer on X11, frames of any size reuse one shared memory
 * segment: a new one each frame faults in all of its pages again. */
static void
test_window_frame_memory (void)
{
  KhWindow *window;
  GtkWidget *content;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  GdkFrameClock *clock;
  guint painted = 0;
  gulong handler;

  window = present_new_window ();
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()) ||
      !GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))))
    {
      /* CI runs the tests under Xvfb with GSK_RENDERER=cairo */
      if (kh_test_servers_required ())
        g_test_fail_printf ("Needs GTK's cairo renderer on X11 (GSK_RENDERER=cairo under Xvfb)");
      else
        g_test_skip ("Needs GTK's cairo renderer on X11 (GSK_RENDERER=cairo under Xvfb)");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  before = mapped_segments ();
  g_assert_cmpuint (before->len, >=, 1);

  /* Frames of the whole window and of parts of it, one after another */
  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  for (guint i = 0; i < 8; i++)
    {
      guint target = painted + 1;
      GtkWidget *changed = i % 2 == 0 ? content : GTK_WIDGET (kh_window_get_profiles_page (window));

      gtk_widget_set_opacity (changed, i % 4 < 2 ? 0.5 : 1.0);
      while (painted < target)
        g_main_context_iteration (NULL, TRUE);
      kh_test_iterate_briefly ();
    }
  g_signal_handler_disconnect (clock, handler);

  after = mapped_segments ();
  for (guint i = 0; i < after->len; i++)
    g_assert_true (array_has (before, g_array_index (after, guint64, i)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_application_sandbox_option (void)
{
  g_autoptr(KhApplication) app = kh_application_new ();
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  guint notified = 0;
  int ret = 0;

  g_assert_false (kh_application_get_open_sandbox (app));
  g_signal_connect (app, "notify::open-sandbox", G_CALLBACK (count_notify), &notified);

  g_variant_dict_insert (options, "sandbox", "b", TRUE);
  g_signal_emit_by_name (app, "handle-local-options", options, &ret);

  g_assert_cmpint (ret, ==, -1);  /* goes on to activate */
  g_assert_true (kh_application_get_open_sandbox (app));
  g_assert_cmpuint (notified, ==, 1);

  /* Setting the same value again does not notify. */
  kh_application_set_open_sandbox (app, TRUE);
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_application_actions (void)
{
  g_autoptr(KhApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) new_window_accels = NULL;

  if (kh_test_skip_without_display ())
    return;

  app = kh_application_new ();
  /* No D-Bus name: this test must not meet a running Keyhole. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "new-window"));

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (kh_test_has_accel (quit_accels, "<Primary>q"));
  new_window_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.new-window");
  g_assert_true (kh_test_has_accel (new_window_accels, "<Primary>n"));

  /* new-window opens a KhWindow owned by the application. */
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_true (KH_IS_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data));

  gtk_window_destroy (GTK_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data));
  kh_test_iterate_briefly ();
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

/* Open Sandbox is offered while the sandbox is not open, and again once its tab is closed. */
static void
test_window_sandbox_offer (void)
{
  KhWindow *window;
  AdwTabView *tab_view;
  GtkWidget *button;

  if (kh_test_skip_without_display ())
    return;

  window = present_new_window ();
  tab_view = kh_window_get_tab_view (window);
  button = kh_test_find_actionable (GTK_WIDGET (kh_window_get_profiles_page (window)), "win.open-sandbox");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  kh_window_open_sandbox (window);
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 2);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_is_sensitive (button));

  adw_tab_view_close_page (tab_view, adw_tab_view_get_nth_page (tab_view, 1));
  kh_test_iterate_briefly ();
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  gtk_window_destroy (GTK_WINDOW (window));
  kh_test_iterate_briefly ();
}

static gboolean
is_row_for (GtkWidget     *widget,
            gconstpointer  id)
{
  return ADW_IS_ACTION_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), id) == 0;
}

static const char *
row_subtitle (KhWindow  *window,
              KhProfile *profile)
{
  GtkWidget *row = kh_test_find_widget (GTK_WIDGET (window), is_row_for, kh_profile_get_id (profile));

  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, kh_profile_get_name (profile));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static KhProfile *
profile_from_url (const char *text)
{
  g_autoptr(KhUrl) url = kh_url_parse (text, NULL);

  g_assert_nonnull (url);
  return kh_profile_new_from_url (url);
}

/* A row's subtitle says what its title does not, never the name again. */
static void
test_window_row_subtitles (void)
{
  g_autoptr(KhProfile) local = profile_from_url ("redis://127.0.0.1:7011");
  g_autoptr(KhProfile) custom = profile_from_url ("redis://alice@cache.example.com:6380/2");
  g_autoptr(KhProfile) upstash = profile_from_url ("rediss://default@eu1-happy-cat-12345.upstash.io:6379");
  g_autoptr(KhProfile) named = profile_from_url ("redis://localhost:6379");
  KhProfileStore *store;
  KhWindow *window;

  if (kh_test_skip_without_display ())
    return;

  window = present_new_window ();
  g_object_get (window, "profile-store", &store, NULL);
  kh_profile_set_name (custom, "Cache");
  kh_profile_set_name (named, "My Redis");
  kh_profile_store_add (store, local);
  kh_profile_store_add (store, custom);
  kh_profile_store_add (store, upstash);
  kh_profile_store_add (store, named);
  kh_test_iterate_briefly ();

  g_assert_cmpstr (kh_profile_get_name (local), ==, "Local · 127.0.0.1:7011");
  g_assert_cmpstr (row_subtitle (window, local), ==, "");
  g_assert_cmpstr (row_subtitle (window, custom), ==, "cache.example.com:6380 · user alice · database 2");
  g_assert_cmpstr (row_subtitle (window, upstash), ==, "eu1-happy-cat-12345.upstash.io:6379 · user default");
  g_assert_cmpstr (row_subtitle (window, named), ==, "localhost:6379 · Local");

  g_object_unref (store);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_two_tabs (gpointer data)
{
  return adw_tab_view_get_n_pages (kh_window_get_tab_view (data)) == 2;
}

/* Paste URL can end with Connect: the connection is saved and opened. */
static void
test_window_paste_url_connect (void)
{
  g_autoptr(KhTestServer) server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  KhProfileStore *store;
  KhWindow *window;
  AdwMessageDialog *paste;
  GtkWidget *entry;
  GtkWindow *dialog;
  KhSessionView *view;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_SERVER_VALKEY, KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  window = present_new_window ();
  g_object_get (window, "profile-store", &store, NULL);
  paste = ADW_MESSAGE_DIALOG (kh_profiles_page_paste_url (kh_window_get_profiles_page (window)));
  entry = kh_test_find_widget_of_type (adw_message_dialog_get_extra_child (paste), GTK_TYPE_ENTRY);
  url = g_strdup_printf ("redis://127.0.0.1:%u", server->port);
  gtk_editable_set_text (GTK_EDITABLE (entry), url);
  adw_message_dialog_response (paste, "continue");
  dialog = kh_test_find_shown_toplevel (KH_TYPE_PROFILE_DIALOG);
  g_assert_nonnull (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.connect", NULL));
  kh_test_wait_for (has_two_tabs, window, 10000);
  name = g_strdup_printf ("Local · 127.0.0.1:%u", server->port);
  view = KH_SESSION_VIEW (adw_tab_page_get_child (adw_tab_view_get_nth_page (kh_window_get_tab_view (window), 1)));
  g_assert_cmpstr (kh_profile_get_name (kh_session_view_get_profile (view)), ==, name);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (kh_test_find_shown_toplevel (KH_TYPE_PROFILE_DIALOG));

  g_object_unref (store);
  gtk_window_destroy (GTK_WINDOW (window));
  kh_test_iterate_briefly ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* Before anything reads it: the application's store lives in the default path. */
  profiles_dir = g_dir_make_tmp ("kh-test-window-XXXXXX", NULL);
  g_assert_nonnull (profiles_dir);
  g_setenv ("XDG_CONFIG_HOME", profiles_dir, TRUE);

  kh_test_ui_init ();

  g_test_add_func ("/ui/window/start-page", test_window_start_page);
  g_test_add_func ("/ui/window/actions", test_window_actions);
  g_test_add_func ("/ui/window/tabs", test_window_tabs);
  g_test_add_func ("/ui/window/primary-menu", test_window_primary_menu);
  g_test_add_func ("/ui/window/help-overlay", test_window_help_overlay);
  g_test_add_func ("/ui/window/frame-memory", test_window_frame_memory);
  g_test_add_func ("/ui/window/sandbox-offer", test_window_sandbox_offer);
  g_test_add_func ("/ui/window/row-subtitles", test_window_row_subtitles);
  g_test_add_func ("/ui/window/paste-url-connect", test_window_paste_url_connect);
  g_test_add_func ("/ui/application/sandbox-option", test_application_sandbox_option);
  g_test_add_func ("/ui/application/actions", test_application_actions);

  ret = g_test_run ();

  dir = g_dir_open (profiles_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (profiles_dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (profiles_dir);
  g_free (profiles_dir);
  return ret;
}
