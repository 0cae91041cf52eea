/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-profile-dialog.c: adding, editing and opening connections through the UI,
 * against real servers, under a real display */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "kh-console-view.h"
#include "kh-env-import-dialog.h"
#include "kh-key-browser.h"
#include "kh-profile-dialog.h"
#include "kh-profile-store.h"
#include "kh-profiles-page.h"
#include "kh-secrets.h"
#include "kh-server-view.h"
#include "kh-session-view.h"
#include "kh-slowlog-view.h"
#include "kh-test-ui.h"
#include "kh-window.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhTestServer, kh_test_server_stop)

typedef struct {
  char           *dir;
  char           *path;
  KhProfileStore *store;
  KhWindow       *window;
  KhProfilesPage *page;
} Fixture;

static gboolean
page_loaded (gpointer data)
{
  return kh_profiles_page_get_loaded (KH_PROFILES_PAGE (data));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *contents = data;

  fixture->dir = g_dir_make_tmp ("kh-test-profiles-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->path = g_build_filename (fixture->dir, "profiles.json", NULL);
  if (contents != NULL)
    g_assert_true (g_file_set_contents (fixture->path, contents, -1, NULL));

  if (kh_test_skip_without_display ())
    return;

  fixture->store = kh_profile_store_new (fixture->path);
  fixture->window = kh_window_new_with_store (NULL, fixture->store);
  fixture->page = kh_window_get_profiles_page (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  kh_test_wait_for (page_loaded, fixture->page, 5000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  kh_test_iterate_briefly ();
  g_clear_object (&fixture->store);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Widgets */

static GtkWidget *
child (gpointer    dialog,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog), KH_TYPE_PROFILE_DIALOG, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
set_text (gpointer    dialog,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, row)), text);
}

static const char *
get_text (gpointer    dialog,
          const char *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (dialog, row)));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
is_row_named (GtkWidget     *widget,
              gconstpointer  name)
{
  return GTK_IS_LIST_BOX_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static GtkListBoxRow *
find_row (GtkWidget  *widget,
          const char *profile_id)
{
  return GTK_LIST_BOX_ROW (kh_test_find_widget (widget, is_row_named, profile_id));
}

static gboolean
view_settled (gpointer data)
{
  const char *name = kh_session_view_get_page_name (KH_SESSION_VIEW (data));

  return !kh_session_view_get_loading (KH_SESSION_VIEW (data)) &&
         (g_strcmp0 (name, "ready") == 0 || g_strcmp0 (name, "error") == 0);
}

static KhSessionView *
selected_view (KhWindow *window)
{
  AdwTabPage *page = adw_tab_view_get_selected_page (kh_window_get_tab_view (window));

  g_assert_nonnull (page);
  g_assert_true (KH_IS_SESSION_VIEW (adw_tab_page_get_child (page)));
  return KH_SESSION_VIEW (adw_tab_page_get_child (page));
}

/* Saves a new profile for @server through the dialog and returns it. */
static KhProfile *
add_profile_through_dialog (Fixture      *fixture,
                            const char   *name,
                            KhTestServer *server)
{
  KhProfileDialog *dialog = KH_PROFILE_DIALOG (kh_profiles_page_add_profile (fixture->page, KH_PROVIDER_CUSTOM));
  g_autofree char *port = g_strdup_printf ("%u", server->port);

  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  set_text (dialog, "name_row", name);
  set_text (dialog, "host_row", "127.0.0.1");
  set_text (dialog, "port_row", port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.save", NULL));

  /* Saving closes the dialog once the store is written. */
  kh_test_wait_for (is_null, &dialog, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  return g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
}

/* Tests */

static void
test_add_and_connect (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KhTestServer) server = NULL;
  g_autoptr(KhProfile) profile = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhServerSampler) sampler = NULL;
  AdwTabView *tab_view;
  GtkListBoxRow *row;
  KhSessionView *view;
  AdwTabPage *page;

  if (fixture->window == NULL)
    return;
  server = kh_test_server_start (KH_TEST_SERVER_REDIS, KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  profile = add_profile_through_dialog (fixture, "Test server", server);
  g_assert_cmpstr (kh_profile_get_name (profile), ==, "Test server");
  g_assert_cmpstr (kh_profile_get_host (profile), ==, "127.0.0.1");
  g_assert_cmpuint (kh_profile_get_port (profile), ==, server->port);
  g_assert_false (kh_profile_get_tls (profile));

  /* It is in the file too, not only in memory. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (fixture->path, &contents, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (contents, "\"Test server\""));
    g_assert_nonnull (strstr (contents, kh_profile_get_id (profile)));
  }

  /* The list shows it; activating the row opens a tab that connects. */
  row = find_row (GTK_WIDGET (fixture->page), kh_profile_get_id (profile));
  g_assert_nonnull (row);
  tab_view = kh_window_get_tab_view (fixture->window);
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 2);

  view = selected_view (fixture->window);
  page = adw_tab_view_get_selected_page (tab_view);
  g_assert_cmpstr (adw_tab_page_get_title (page), ==, "Test server");
  g_assert_true (adw_tab_page_get_loading (page));
  kh_test_wait_for (view_settled, view, 15000);
  g_assert_cmpstr (kh_session_view_get_page_name (view), ==, "ready");
  g_assert_false (adw_tab_page_get_loading (page));
  session = g_object_ref (kh_session_view_get_session (view));
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);
  g_assert_cmpint (kh_session_get_server_kind (session), ==, KH_SERVER_REDIS);
  g_assert_nonnull (adw_tab_page_get_icon (page));
  /* The server's statistics are sampled from now on, though the Server page was never shown. */
  sampler = g_object_ref (kh_session_view_get_sampler (view));
  g_assert_true (kh_server_sampler_get_session (sampler) == session);
  g_assert_true (kh_server_sampler_get_polling (sampler));
  /* In economy mode only while the Server page is shown, which it is not. */
  kh_profile_set_economy (kh_session_view_get_profile (view), TRUE);
  g_assert_false (kh_server_sampler_get_polling (sampler));
  kh_profile_set_economy (kh_session_view_get_profile (view), FALSE);
  g_assert_true (kh_server_sampler_get_polling (sampler));

  /* Activating it again selects the same tab instead of opening another. */
  adw_tab_view_set_selected_page (tab_view, adw_tab_view_get_nth_page (tab_view, 0));
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 2);
  g_assert_true (adw_tab_view_get_selected_page (tab_view) == page);

  /* Ctrl+W's action closes the tab and its session; the list tab stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.close-tab", NULL));
  kh_test_iterate_briefly ();
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_CLOSED);
  g_assert_false (kh_server_sampler_get_polling (sampler));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.close-tab", NULL));
  kh_test_iterate_briefly ();
  g_assert_cmpint (adw_tab_view_get_n_pages (tab_view), ==, 1);
}

static void
test_paste_url (Fixture       *fixture,
                gconstpointer  data)
{
  KhProfileDialog *dialog;
  GtkWidget *url_row;

  if (fixture->window == NULL)
    return;

  dialog = KH_PROFILE_DIALOG (kh_profiles_page_add_profile (fixture->page, KH_PROVIDER_CUSTOM));
  url_row = child (dialog, "url_row");

  /* Through the row, as the user does: type, then the apply button. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "rediss://alice:s3cr%40t@cache.example.com:6380/2");
  g_signal_emit_by_name (url_row, "apply");

  g_assert_cmpstr (get_text (dialog, "host_row"), ==, "cache.example.com");
  g_assert_cmpstr (get_text (dialog, "port_row"), ==, "6380");
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (child (dialog, "tls_row"))));
  g_assert_cmpstr (get_text (dialog, "username_row"), ==, "alice");
  g_assert_cmpstr (get_text (dialog, "password_row"), ==, "s3cr@t");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (dialog, "database_spin"))), ==, 2);
  g_assert_cmpstr (get_text (dialog, "name_row"), ==, "cache.example.com:6380");
  /* The URL held a password: it is not left in the URL row. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));

  /* An Upstash URL picks the preset: economy on, and the note is shown. */
  g_assert_true (kh_profile_dialog_paste_url (dialog, "redis://default:pw@eu1-happy-cat-12345.upstash.io:6379"));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (child (dialog, "provider_row"))), ==, 1);
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (child (dialog, "tls_row"))));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (dialog, "economy_switch"))));
  g_assert_cmpstr (get_text (dialog, "name_row"), ==, "Upstash · eu1-happy-cat-12345");
  g_assert_true (gtk_widget_get_visible (child (dialog, "url_feedback")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (dialog, "url_feedback"))), "TLS"));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (child (dialog, "provider_group"))),
                            "billed"));

  /* A name the user typed is kept. */
  set_text (dialog, "name_row", "My cache");
  g_assert_true (kh_profile_dialog_paste_url (dialog, "redis://localhost:6379"));
  g_assert_cmpstr (get_text (dialog, "name_row"), ==, "My cache");
  g_assert_cmpstr (get_text (dialog, "host_row"), ==, "localhost");
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (child (dialog, "tls_row"))));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The small "Paste URL" dialog: checks as the user types, then fills a new profile. */
static void
test_paste_url_dialog (Fixture       *fixture,
                       gconstpointer  data)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GtkWidget *feedback;
  KhProfileDialog *profile_dialog;

  if (fixture->window == NULL)
    return;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.paste-url", NULL));
  dialog = ADW_MESSAGE_DIALOG (kh_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  entry = kh_test_find_widget_of_type (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_ENTRY);
  feedback = gtk_widget_get_last_child (adw_message_dialog_get_extra_child (dialog));
  g_assert_nonnull (entry);
  g_assert_true (GTK_IS_LABEL (feedback));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "continue"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "rediss://default:secret@eu1-happy-cat-12345.upstash.io:63x9");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "continue"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (feedback)), "“63x9”"));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (feedback)), "secret"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "rediss://default:secret@eu1-happy-cat-12345.upstash.io:6379");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "continue"));

  adw_message_dialog_response (dialog, "continue");
  gtk_window_close (GTK_WINDOW (dialog));
  profile_dialog = KH_PROFILE_DIALOG (kh_test_find_shown_toplevel (KH_TYPE_PROFILE_DIALOG));
  g_assert_nonnull (profile_dialog);
  g_assert_cmpstr (get_text (profile_dialog, "host_row"), ==, "eu1-happy-cat-12345.upstash.io");
  g_assert_cmpstr (get_text (profile_dialog, "password_row"), ==, "secret");
  g_assert_cmpstr (get_text (profile_dialog, "name_row"), ==, "Upstash · eu1-happy-cat-12345");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (profile_dialog)), ==, "New Connection");
  /* The password left the paste entry with the URL. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  gtk_window_destroy (GTK_WINDOW (profile_dialog));
}

static void
test_bad_url (Fixture       *fixture,
              gconstpointer  data)
{
  KhProfileDialog *dialog;
  GtkWidget *url_row, *feedback;
  int start = 0, end = 0;

  if (fixture->window == NULL)
    return;

  dialog = KH_PROFILE_DIALOG (kh_profiles_page_add_profile (fixture->page, KH_PROVIDER_LOCAL));
  url_row = child (dialog, "url_row");
  feedback = child (dialog, "url_feedback");
  g_assert_false (gtk_widget_get_visible (feedback));

  gtk_editable_set_text (GTK_EDITABLE (url_row), "redis://cache.example.com:63x9");
  g_signal_emit_by_name (url_row, "apply");

  /* The error is under the row, names the bad part, and the part is selected. */
  g_assert_true (gtk_widget_get_visible (feedback));
  g_assert_true (gtk_widget_has_css_class (feedback, "error"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (feedback)), "“63x9”"));
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (url_row), &start, &end));
  g_assert_cmpint (start, ==, (int) strlen ("redis://cache.example.com:"));
  g_assert_cmpint (end, ==, start + 4);
  /* Nothing in the form changed; the text stays for fixing. */
  g_assert_cmpstr (get_text (dialog, "host_row"), ==, "localhost");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, "redis://cache.example.com:63x9");

  /* Editing the text clears the error. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "redis://cache.example.com:6379");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  g_assert_false (gtk_widget_get_visible (feedback));

  g_assert_false (kh_profile_dialog_paste_url (dialog, "https://eu1-x.upstash.io"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (feedback)), "REST"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  KhProfileDialog *dialog;

  if (fixture->window == NULL)
    return;

  dialog = KH_PROFILE_DIALOG (kh_profiles_page_add_profile (fixture->page, KH_PROVIDER_CUSTOM));

  set_text (dialog, "name_row", "  ");
  set_text (dialog, "host_row", "cache.example.com");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.save", NULL));
  g_assert_nonnull (kh_profile_dialog_get_error (dialog));
  g_assert_nonnull (strstr (kh_profile_dialog_get_error (dialog), "name"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "name_row"), "error"));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (dialog, "error_revealer"))));

  set_text (dialog, "name_row", "Cache");
  set_text (dialog, "host_row", "redis://cache.example.com");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.save", NULL));
  g_assert_nonnull (strstr (kh_profile_dialog_get_error (dialog), "Paste URL"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "host_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (child (dialog, "name_row"), "error"));

  set_text (dialog, "host_row", "cache.example.com");
  set_text (dialog, "port_row", "99999");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.save", NULL));
  g_assert_nonnull (strstr (kh_profile_dialog_get_error (dialog), "99999"));
  g_assert_true (gtk_widget_has_css_class (child (dialog, "port_row"), "error"));

  /* Turning verification off shows the warning row. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (child (dialog, "tls_row")), TRUE);
  g_assert_false (gtk_widget_get_visible (child (dialog, "insecure_row")));
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "verify_switch")), FALSE);
  g_assert_true (gtk_widget_get_visible (child (dialog, "insecure_row")));

  kh_test_iterate_briefly ();
  /* Nothing was saved. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
test_finished (gpointer data)
{
  KhProfileDialog *dialog = data;

  return kh_profile_dialog_get_test_result (dialog) != NULL ||
         (kh_profile_dialog_get_error (dialog) != NULL &&
          gtk_widget_has_css_class (child (dialog, "test_row"), "error"));
}

static void
test_test_button (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(KhTestServer) server = NULL;
  KhProfileDialog *dialog;
  g_autofree char *port = NULL;
  const char *result;

  if (fixture->window == NULL)
    return;
  server = kh_test_server_start (KH_TEST_SERVER_VALKEY, KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  dialog = KH_PROFILE_DIALOG (kh_profiles_page_add_profile (fixture->page, KH_PROVIDER_LOCAL));
  port = g_strdup_printf ("%u", server->port);
  set_text (dialog, "host_row", "127.0.0.1");
  set_text (dialog, "port_row", port);
  /* Not named by the user: the name follows the provider and the address. */
  {
    g_autofree char *name = g_strdup_printf ("Local · 127.0.0.1:%u", server->port);

    g_assert_cmpstr (get_text (dialog, "name_row"), ==, name);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.test", NULL));
  /* The UI keeps running while it connects. */
  g_assert_null (kh_profile_dialog_get_test_result (dialog));
  kh_test_wait_for (test_finished, dialog, 15000);
  result = kh_profile_dialog_get_test_result (dialog);
  g_assert_nonnull (result);
  g_assert_true (g_str_has_prefix (result, "Valkey "));
  g_assert_true (g_str_has_suffix (result, " ms"));
  g_assert_nonnull (strstr (result, " · "));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (dialog, "test_row"))), ==, result);

  /* A stopped server: the precise sentence, with the local hint. */
  kh_test_server_stop (g_steal_pointer (&server));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.test", NULL));
  kh_test_wait_for (test_finished, dialog, 15000);
  g_assert_null (kh_profile_dialog_get_test_result (dialog));
  g_assert_nonnull (strstr (kh_profile_dialog_get_error (dialog), "refused"));
  g_assert_nonnull (strstr (kh_profile_dialog_get_error (dialog), "Start the server"));

  /* Closing the dialog while a test runs cancels it without a crash. */
  set_text (dialog, "host_row", "10.255.255.1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.test", NULL));
  gtk_window_close (GTK_WINDOW (dialog));
  kh_test_iterate_briefly ();
}

static gboolean
has_warning (gpointer data)
{
  return kh_profiles_page_get_warning (KH_PROFILES_PAGE (data)) != NULL;
}

static void
test_corrupt_file (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *warning;
  GtkWidget *status;

  if (fixture->window == NULL)
    return;

  kh_test_wait_for (has_warning, fixture->page, 5000);
  warning = kh_profiles_page_get_warning (fixture->page);
  g_assert_nonnull (strstr (warning, ".corrupt-"));
  g_assert_nonnull (strstr (warning, fixture->dir));
  /* The damaged file was moved aside, and the welcome page offers a fresh start. */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  status = kh_test_find_widget_of_type (GTK_WIDGET (fixture->page), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));

  /* It stays until dismissed. */
  g_usleep (200000);
  kh_test_iterate_briefly ();
  g_assert_nonnull (kh_profiles_page_get_warning (fixture->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "profiles.dismiss-warning", NULL));
  g_assert_null (kh_profiles_page_get_warning (fixture->page));
}

static void
test_row_menu (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(KhTestServer) server = NULL;
  g_autoptr(KhProfile) profile = NULL;
  g_autofree char *copy_id = NULL;
  AdwMessageDialog *confirm;
  KhProfile *copy;

  if (fixture->window == NULL)
    return;
  server = kh_test_server_start (KH_TEST_SERVER_REDIS, KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  profile = add_profile_through_dialog (fixture, "Original", server);

  /* Duplicate puts the copy right after the original. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "profiles.duplicate", "s",
                                             kh_profile_get_id (profile)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  copy = g_list_model_get_item (G_LIST_MODEL (fixture->store), 1);
  g_object_unref (copy);
  g_assert_cmpstr (kh_profile_get_name (copy), ==, "Original (copy)");
  g_assert_cmpstr (kh_profile_get_id (copy), !=, kh_profile_get_id (profile));
  copy_id = g_strdup (kh_profile_get_id (copy));

  /* Edit opens the dialog on it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "profiles.edit", "s", copy_id));
  {
    KhProfileDialog *dialog = KH_PROFILE_DIALOG (kh_test_find_shown_toplevel (KH_TYPE_PROFILE_DIALOG));

    g_assert_nonnull (dialog);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Connection");
    g_assert_cmpstr (get_text (dialog, "name_row"), ==, "Original (copy)");
    set_text (dialog, "name_row", "Renamed");
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.save", NULL));
    kh_test_wait_for (is_null, &dialog, 10000);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 2);
  g_assert_cmpstr (kh_profile_get_name (kh_profile_store_find (fixture->store, copy_id, NULL)), ==, "Renamed");

  /* Connect from the menu opens the tab. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "profiles.connect", "s", copy_id));
  g_assert_cmpint (adw_tab_view_get_n_pages (kh_window_get_tab_view (fixture->window)), ==, 2);
  g_assert_cmpstr (adw_tab_page_get_title (adw_tab_view_get_selected_page (kh_window_get_tab_view (fixture->window))),
                   ==, "Renamed");

  /* Delete asks first; cancelling keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "profiles.delete", "s", copy_id));
  confirm = ADW_MESSAGE_DIALOG (kh_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Delete “Renamed”?");
  adw_message_dialog_response (confirm, "cancel");
  kh_test_iterate_briefly ();
  g_assert_nonnull (kh_profile_store_find (fixture->store, copy_id, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "profiles.delete", "s", copy_id));
  confirm = ADW_MESSAGE_DIALOG (kh_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "delete");
  g_assert_null (kh_profile_store_find (fixture->store, copy_id, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  kh_test_iterate_briefly ();
}

/* The shown message dialog whose text contains @text, or NULL. */
static AdwMessageDialog *
find_message_dialog (const char *text)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)), text) != NULL)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog (data) != NULL;
}

static void
test_password_prompt (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KhTestServer) server = NULL;
  g_autoptr(KhProfile) profile = NULL;
  AdwMessageDialog *prompt;
  GtkWidget *entry;
  KhSessionView *view;

  if (fixture->window == NULL)
    return;
  server = kh_test_server_start (KH_TEST_SERVER_REDIS, KH_TEST_SERVER_PASSWORD);
  if (server == NULL)
    return;

  /* Saved without a password: the server asks, so the user is asked. */
  profile = add_profile_through_dialog (fixture, "Protected", server);
  view = kh_window_open_profile (fixture->window, profile);
  kh_test_wait_for (message_dialog_shown, "needs a password", 15000);
  prompt = find_message_dialog ("needs a password");
  g_assert_true (kh_session_view_get_loading (view));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (fixture->window)) != NULL
                         ? gtk_window_get_title (GTK_WINDOW (fixture->window)) : "", KH_TEST_PASSWORD));

  /* A wrong one is refused and asked again... */
  entry = kh_test_find_widget_of_type (adw_message_dialog_get_extra_child (prompt), GTK_TYPE_PASSWORD_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "wrong");
  /* A click on the button responds, then closes the dialog. */
  adw_message_dialog_response (prompt, "connect");
  gtk_window_close (GTK_WINDOW (prompt));
  kh_test_wait_for (message_dialog_shown, "refused", 15000);
  prompt = find_message_dialog ("refused");
  g_assert_null (strstr (adw_message_dialog_get_body (prompt), "wrong"));

  /* ...the right one connects. */
  entry = kh_test_find_widget_of_type (adw_message_dialog_get_extra_child (prompt), GTK_TYPE_PASSWORD_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), KH_TEST_PASSWORD);
  adw_message_dialog_response (prompt, "connect");
  gtk_window_close (GTK_WINDOW (prompt));
  kh_test_wait_for (view_settled, view, 15000);
  g_assert_cmpstr (kh_session_view_get_page_name (view), ==, "ready");
  g_assert_cmpint (kh_session_get_state (kh_session_view_get_session (view)), ==, KH_SESSION_READY);

  /* Closing the tab is fine; a retry from the error page would reuse the typed password. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.close-tab", NULL));
  kh_test_iterate_briefly ();
}

/* Closing the window while the password is asked for (the entry focused)
 * destroys the prompt with it, without a crash or a late reconnect. */
static void
test_password_prompt_window_closed (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(KhTestServer) server = NULL;
  g_autoptr(KhProfile) profile = NULL;
  AdwMessageDialog *prompt;

  if (fixture->window == NULL)
    return;
  server = kh_test_server_start (KH_TEST_SERVER_REDIS, KH_TEST_SERVER_PASSWORD);
  if (server == NULL)
    return;

  profile = add_profile_through_dialog (fixture, "Protected", server);
  kh_window_open_profile (fixture->window, profile);
  kh_test_wait_for (message_dialog_shown, "needs a password", 15000);
  prompt = find_message_dialog ("needs a password");
  g_object_add_weak_pointer (G_OBJECT (prompt), (gpointer *) &prompt);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  kh_test_iterate_briefly ();
  g_assert_null (prompt);
}

static GtkWidget *
view_child (KhSessionView *view,
            const char    *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_SESSION_VIEW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* Whether the session view's stack was still fading when the session was ready */
static void
on_session_ready_transition (KhSessionView *view,
                             KhSession     *session,
                             gboolean      *fading)
{
  *fading = gtk_stack_get_transition_running (GTK_STACK (view_child (view, "stack")));
}

static gboolean
banner_says_reconnecting (gpointer data)
{
  KhSessionView *view = data;

  return gtk_revealer_get_reveal_child (GTK_REVEALER (view_child (view, "reconnect_revealer"))) &&
         strstr (gtk_label_get_label (GTK_LABEL (view_child (view, "reconnect_label"))),
                 "Reconnecting… (attempt ") != NULL;
}

static gboolean
banner_hidden (gpointer data)
{
  return !gtk_revealer_get_reveal_child (GTK_REVEALER (view_child (data, "reconnect_revealer")));
}

/* The status line and the reconnect banner follow the session. */
static void
test_status_and_reconnect (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KhTestServer) server = NULL;
  g_autoptr(KhProfile) profile = kh_profile_new_for_provider (KH_PROVIDER_LOCAL);
  g_autofree char *commands = NULL;
  KhSessionView *view;
  KhSession *session;
  GtkWidget *switcher_bar;
  GtkWidget *extra;
  gboolean fading = TRUE;

  if (fixture->window == NULL)
    return;
  server = kh_test_server_start (KH_TEST_SERVER_VALKEY, KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;

  kh_profile_set_name (profile, "Read-only local");
  kh_profile_set_host (profile, "127.0.0.1");
  kh_profile_set_port (profile, server->port);
  kh_profile_set_database (profile, 3);
  kh_profile_set_read_only (profile, TRUE);
  view = kh_window_open_profile (fixture->window, profile);
  g_signal_connect (view, "session-ready", G_CALLBACK (on_session_ready_transition), &fading);
  kh_test_wait_for (view_settled, view, 15000);
  g_assert_cmpstr (kh_session_view_get_page_name (view), ==, "ready");
  /* The pages appear at once: a crossfade repaints the window for 200 ms */
  g_assert_false (fading);
  session = kh_session_view_get_session (view);

  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (view_child (view, "server_label"))), "Valkey "));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (view, "database_label"))), ==, "Database 3");
  g_assert_true (gtk_widget_get_visible (view_child (view, "read_only_label")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (view, "state_label"))), ==, "Connected");
  /* The key browser keeps sending while the tab opens: the label follows the
   * session's counter, which is read once the label was updated. */
  g_assert_cmpuint (kh_session_get_commands_sent (session), >, 1);
  {
    const char *label = gtk_label_get_label (GTK_LABEL (view_child (view, "commands_label")));
    guint64 shown = g_ascii_strtoull (label, NULL, 10);

    g_assert_true (g_str_has_suffix (label, " commands sent"));
    g_assert_cmpuint (shown, >, 1);
    g_assert_cmpuint (shown, <=, kh_session_get_commands_sent (session));
    commands = g_strdup (label);
  }

  /* A ready session shows every view, with the switcher; others can add pages. */
  switcher_bar = view_child (view, "switcher_bar");
  g_assert_true (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (switcher_bar)));
  {
    AdwViewStack *stack = ADW_VIEW_STACK (view_child (view, "view_stack"));
    const char *names[] = { "keys", "server", "console", "monitor", "pubsub", "slowlog", "clients" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_assert_nonnull (adw_view_stack_get_child_by_name (stack, names[i]));
    /* Each page is made when first shown: the key browser now, the server's
     * page when picked, and the console's request to show another page too. */
    g_assert_true (KH_IS_KEY_BROWSER (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "keys")))));
    g_assert_null (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "server"))));
    g_assert_null (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "console"))));
    adw_view_stack_set_visible_child_name (stack, "server");
    g_assert_true (KH_IS_SERVER_VIEW (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "server")))));
    adw_view_stack_set_visible_child_name (stack, "console");
    {
      GtkWidget *console = adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "console")));

      g_assert_true (KH_IS_CONSOLE_VIEW (console));
      /* Its command line has the keyboard */
      {
        GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (console));

        g_assert_nonnull (focus);
        g_assert_true (GTK_IS_TEXT (focus));
        g_assert_true (gtk_widget_is_ancestor (focus, console));
      }
      g_assert_null (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "slowlog"))));
      g_signal_emit_by_name (console, "open-view", "slowlog");
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "slowlog");
      g_assert_true (KH_IS_SLOWLOG_VIEW (adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (stack, "slowlog")))));
    }
    adw_view_stack_set_visible_child_name (stack, "keys");
    extra = gtk_label_new ("Info");
    kh_session_view_add_page (view, extra, "info", "Info", "dialog-information-symbolic");
    g_assert_true (adw_view_stack_get_child_by_name (stack, "info") == extra);
  }

  /* The server dies: the banner says so and counts attempts; it comes back: gone. */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (view_child (view, "reconnect_revealer"))));
  kh_test_server_kill (server);
  kh_test_wait_for (banner_says_reconnecting, view, 15000);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (view, "state_label"))), ==, "Reconnecting…");
  /* It says why, and offers to retry at once or to stop */
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (view_child (view, "reconnect_label"))),
                                   "Connection lost: "));
  g_assert_true (gtk_widget_get_visible (view_child (view, "retry_now_button")));
  g_assert_true (gtk_widget_get_sensitive (view_child (view, "retry_now_button")));
  g_assert_true (gtk_widget_get_visible (view_child (view, "disconnect_button")));
  g_assert_true (gtk_widget_get_sensitive (view_child (view, "disconnect_button")));
  kh_test_server_restart (server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.retry-now", NULL));
  kh_test_wait_for (banner_hidden, view, 30000);
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_READY);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (view_child (view, "state_label"))), ==, "Connected");
  g_assert_false (gtk_widget_get_sensitive (view_child (view, "retry_now_button")));

  /* Lost again, Disconnect stops the retries and offers Reconnect */
  kh_test_server_kill (server);
  kh_test_wait_for (banner_says_reconnecting, view, 15000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.disconnect", NULL));
  g_assert_cmpint (kh_session_get_state (session), ==, KH_SESSION_CLOSED);
  g_assert_true (gtk_widget_get_visible (view_child (view, "reconnect_button")));
  g_assert_false (gtk_widget_get_visible (view_child (view, "retry_now_button")));
}

static void
test_connect_error_page (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(KhProfile) profile = kh_profile_new_for_provider (KH_PROVIDER_UPSTASH);
  KhSessionView *view;
  GtkWidget *status;
  guint16 port;

  if (fixture->window == NULL)
    return;

  /* A port nothing listens on, with Upstash's preset but TLS off. */
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
    bound = g_socket_get_local_address (socket, NULL);
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  kh_profile_set_name (profile, "Upstash without TLS");
  kh_profile_set_host (profile, "127.0.0.1");
  kh_profile_set_port (profile, port);
  kh_profile_set_tls (profile, FALSE);

  view = kh_window_open_profile (fixture->window, profile);
  kh_test_wait_for (view_settled, view, 15000);
  g_assert_cmpstr (kh_session_view_get_page_name (view), ==, "error");
  status = kh_test_find_widget_of_type (GTK_WIDGET (view), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  /* The first status page is the connecting one; find the error page's text on screen. */
  {
    GObject *error_page = gtk_widget_get_template_child (GTK_WIDGET (view), KH_TYPE_SESSION_VIEW, "error_page");
    const char *description = adw_status_page_get_description (ADW_STATUS_PAGE (error_page));

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (error_page)));
    g_assert_nonnull (strstr (description, "refused"));
    g_assert_nonnull (strstr (description, "Upstash accepts TLS connections only"));
  }

  /* Retry goes through the same path and fails the same way. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "session.retry", NULL));
  g_assert_true (kh_session_view_get_loading (view));
  kh_test_wait_for (view_settled, view, 15000);
  g_assert_cmpstr (kh_session_view_get_page_name (view), ==, "error");
}

static void
test_sandbox_tab (Fixture       *fixture,
                  gconstpointer  data)
{
  KhSessionView *view;
  KhSessionView *again;

  if (fixture->window == NULL)
    return;
  if (kh_test_skip_without_server_binary ())
    return;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-sandbox", NULL));
  view = selected_view (fixture->window);
  g_assert_true (kh_session_view_get_loading (view));
  kh_test_wait_for (view_settled, view, 30000);
  g_assert_cmpstr (kh_session_view_get_page_name (view), ==, "ready");
  g_assert_cmpint (kh_profile_get_provider (kh_session_view_get_profile (view)), ==, KH_PROVIDER_SANDBOX);
  g_assert_nonnull (kh_profile_get_socket_path (kh_session_view_get_profile (view)));
  /* Not saved with the user's connections. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);

  /* Asking again selects the open sandbox. */
  again = kh_window_open_sandbox (fixture->window);
  g_assert_true (again == view);
  g_assert_cmpint (adw_tab_view_get_n_pages (kh_window_get_tab_view (fixture->window)), ==, 2);

  /* Ctrl+L's action goes back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-connections", NULL));
  g_assert_true (adw_tab_page_get_child (adw_tab_view_get_selected_page (kh_window_get_tab_view (fixture->window)))
                 == GTK_WIDGET (fixture->page));
}

static gboolean
env_dialog_read (gpointer data)
{
  KhEnvImportDialog *dialog = KH_ENV_IMPORT_DIALOG (kh_test_find_shown_toplevel (KH_TYPE_ENV_IMPORT_DIALOG));

  (void) data;
  return dialog != NULL && kh_env_import_dialog_get_n_usable (dialog) > 0;
}

static void
on_url_chosen (KhEnvImportDialog *dialog,
               const KhUrl       *url,
               KhProfilesPage    *page)
{
  /* What the page does with a chosen URL, without its file chooser. */
  g_autoptr(KhProfile) profile = kh_profile_new_from_url (url);
  KhProfileDialog *profile_dialog = kh_profile_dialog_new (kh_profiles_page_get_store (page), profile);

  kh_profile_dialog_apply_url (profile_dialog, url);
  gtk_window_present (GTK_WINDOW (profile_dialog));
}

static void
test_env_import (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *env_path = NULL;
  g_autoptr(GFile) file = NULL;
  KhEnvImportDialog *dialog;
  KhProfileDialog *profile_dialog;

  if (fixture->window == NULL)
    return;

  env_path = g_build_filename (fixture->dir, ".env", NULL);
  g_assert_true (g_file_set_contents (env_path,
                                      "# app settings\n"
                                      "UPSTASH_REDIS_REST_URL=https://eu1-x.upstash.io\n"
                                      "UPSTASH_REDIS_REST_TOKEN=AXXXtoken\n"
                                      "REDIS_URL=rediss://default:p%40ss@eu1-x.upstash.io:6379\n"
                                      "CACHE_REDIS_URL=redis://:6379\n",
                                      -1, NULL));
  file = g_file_new_for_path (env_path);
  dialog = kh_env_import_dialog_new (file);
  gtk_window_present (GTK_WINDOW (dialog));
  kh_test_wait_for (env_dialog_read, NULL, 5000);
  g_assert_cmpuint (kh_env_import_dialog_get_n_usable (dialog), ==, 1);
  g_signal_connect (dialog, "url-chosen", G_CALLBACK (on_url_chosen), fixture->page);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (kh_env_import_dialog_choose (dialog, 0));
  kh_test_iterate_briefly ();
  g_assert_null (dialog);

  profile_dialog = KH_PROFILE_DIALOG (kh_test_find_shown_toplevel (KH_TYPE_PROFILE_DIALOG));
  g_assert_nonnull (profile_dialog);
  g_assert_cmpstr (get_text (profile_dialog, "host_row"), ==, "eu1-x.upstash.io");
  g_assert_cmpstr (get_text (profile_dialog, "password_row"), ==, "p@ss");
  g_assert_cmpstr (get_text (profile_dialog, "username_row"), ==, "default");
  gtk_window_destroy (GTK_WINDOW (profile_dialog));
  g_unlink (env_path);
}

static gboolean
economy_on (gpointer dialog)
{
  return gtk_switch_get_active (GTK_SWITCH (child (dialog, "economy_switch")));
}

/* Every way to make a new connection starts from what Preferences sets; Upstash keeps
 * economy mode on whatever it says, and a saved connection keeps its own settings. */
static void
test_preferences_defaults (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KhUrl) url = NULL;
  g_autoptr(KhProfile) from_url = NULL;
  KhProfileDialog *dialog;
  AdwMessageDialog *paste;
  KhProfile *saved;
  GtkWidget *entry;

  if (fixture->window == NULL)
    return;

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "default-delimiter", "/");
  g_settings_set_boolean (settings, "economy-default", TRUE);

  /* Add Connection, saved as it stands. */
  dialog = KH_PROFILE_DIALOG (kh_profiles_page_add_profile (fixture->page, KH_PROVIDER_CUSTOM));
  g_assert_cmpstr (get_text (dialog, "delimiter_row"), ==, "/");
  g_assert_true (economy_on (dialog));
  /* A URL says nothing about economy mode: the preference stays. */
  g_assert_true (kh_profile_dialog_paste_url (dialog, "redis://127.0.0.1:6390"));
  g_assert_true (economy_on (dialog));
  g_assert_cmpstr (get_text (dialog, "delimiter_row"), ==, "/");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "profile.save", NULL));
  kh_test_wait_for (is_null, &dialog, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);
  saved = g_list_model_get_item (G_LIST_MODEL (fixture->store), 0);
  g_object_unref (saved);   /* the store keeps it */
  g_assert_cmpstr (kh_profile_get_delimiter (saved), ==, "/");
  g_assert_true (kh_profile_get_economy (saved));

  /* Paste URL, from the connections list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.paste-url", NULL));
  paste = ADW_MESSAGE_DIALOG (kh_test_find_shown_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (paste);
  entry = kh_test_find_widget_of_type (adw_message_dialog_get_extra_child (paste), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "redis://cache.example.com:6379/3");
  adw_message_dialog_response (paste, "continue");
  gtk_window_close (GTK_WINDOW (paste));
  dialog = KH_PROFILE_DIALOG (kh_test_find_shown_toplevel (KH_TYPE_PROFILE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (get_text (dialog, "host_row"), ==, "cache.example.com");
  g_assert_cmpstr (get_text (dialog, "delimiter_row"), ==, "/");
  g_assert_true (economy_on (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A URL chosen from a .env file, as the page opens it. */
  url = kh_url_parse ("redis://localhost:6379", NULL);
  g_assert_nonnull (url);
  from_url = kh_profile_new_from_url (url);
  dialog = kh_profile_dialog_new (kh_profiles_page_get_store (fixture->page), from_url);
  kh_profile_dialog_apply_url (dialog, url);
  g_assert_cmpstr (kh_profile_get_delimiter (kh_profile_dialog_get_profile (dialog)), ==, "/");
  g_assert_true (kh_profile_get_economy (kh_profile_dialog_get_profile (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Economy off by default: off for a new custom server, still on for Upstash,
   * whether picked as a preset or pasted as a URL. */
  g_settings_set_string (settings, "default-delimiter", "|");
  g_settings_set_boolean (settings, "economy-default", FALSE);
  dialog = KH_PROFILE_DIALOG (kh_profiles_page_add_profile (fixture->page, KH_PROVIDER_CUSTOM));
  g_assert_cmpstr (get_text (dialog, "delimiter_row"), ==, "|");
  g_assert_false (economy_on (dialog));
  g_assert_true (kh_profile_dialog_paste_url (dialog, "rediss://default:pw@eu1-happy-cat-12345.upstash.io:6379"));
  g_assert_true (economy_on (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  dialog = KH_PROFILE_DIALOG (kh_profiles_page_add_profile (fixture->page, KH_PROVIDER_UPSTASH));
  g_assert_true (economy_on (dialog));
  g_assert_cmpstr (get_text (dialog, "delimiter_row"), ==, "|");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The saved connection keeps what it was saved with. */
  dialog = KH_PROFILE_DIALOG (kh_profiles_page_edit_profile (fixture->page, kh_profile_get_id (saved)));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (get_text (dialog, "delimiter_row"), ==, "/");
  g_assert_true (economy_on (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_settings_reset (settings, "default-delimiter");
  g_settings_reset (settings, "economy-default");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

#define ADD(path, func, contents) \
  g_test_add (path, Fixture, contents, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/profile-dialog/add-and-connect", test_add_and_connect, NULL);
  ADD ("/ui/profile-dialog/paste-url", test_paste_url, NULL);
  ADD ("/ui/profile-dialog/paste-url-dialog", test_paste_url_dialog, NULL);
  ADD ("/ui/profile-dialog/bad-url", test_bad_url, NULL);
  ADD ("/ui/profile-dialog/validation", test_validation, NULL);
  ADD ("/ui/profile-dialog/test-button", test_test_button, NULL);
  ADD ("/ui/profile-dialog/env-import", test_env_import, NULL);
  ADD ("/ui/profile-dialog/preferences-defaults", test_preferences_defaults, NULL);
  ADD ("/ui/profiles-page/corrupt-file", test_corrupt_file, "{ \"version\": 1, \"profiles\": [ oops");
  ADD ("/ui/profiles-page/row-menu", test_row_menu, NULL);
  ADD ("/ui/session-view/password-prompt", test_password_prompt, NULL);
  ADD ("/ui/session-view/password-prompt-window-closed", test_password_prompt_window_closed, NULL);
  ADD ("/ui/session-view/status-and-reconnect", test_status_and_reconnect, NULL);
  ADD ("/ui/session-view/error-page", test_connect_error_page, NULL);
  ADD ("/ui/window/sandbox-tab", test_sandbox_tab, NULL);

  return g_test_run ();
}
