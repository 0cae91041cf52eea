/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-translation.c: Keyhole in German, from the catalog this build compiled
 *
 * KH_TEST_LOCALEDIR (set in tests/meson.build) is the build's po/ directory,
 * which holds de/LC_MESSAGES/keyhole.mo. gettext honours LANGUAGE only when
 * the locale is not "C", so the test runs in de_DE.UTF-8 when the system has
 * it, and in C.UTF-8 with LANGUAGE=de otherwise.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "kh-preferences-window.h"
#include "kh-window.h"
#include "kh-test-ui.h"

static char *profiles_dir;

/* The catalog answers: a plain string, a context, plural forms and a format. */
static void
test_translation_catalog (void)
{
  g_autofree char *seconds = NULL;

  g_assert_cmpstr (_("Welcome to Keyhole"), ==, "Willkommen bei Keyhole");
  g_assert_cmpstr (C_("shortcut window", "General"), ==, "Allgemein");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", 1), ==, "%u Sekunde");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", 5), ==, "%u Sekunden");
  seconds = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", 5), 5);
  g_assert_cmpstr (seconds, ==, "5 Sekunden");
  /* An unknown string comes back as it is. */
  g_assert_cmpstr (_("Not in any catalog, 4f1b"), ==, "Not in any catalog, 4f1b");
}

static gboolean
page_is_loaded (gpointer data)
{
  return kh_profiles_page_get_loaded (KH_PROFILES_PAGE (data));
}

/* The main window, on an empty profiles file: its templates and code speak German. */
static void
test_translation_window (void)
{
  g_autofree char *path = NULL;
  g_autoptr(KhProfileStore) store = NULL;
  KhWindow *window;
  GtkWidget *status_page;
  GtkWidget *title;
  AdwTabPage *connections;

  if (kh_test_skip_without_display ())
    return;

  path = g_build_filename (profiles_dir, "profiles.json", NULL);
  store = kh_profile_store_new (path);
  window = kh_window_new_with_store (NULL, store);
  gtk_window_present (GTK_WINDOW (window));
  kh_test_iterate_until (page_is_loaded, kh_window_get_profiles_page (window), 10000);
  g_assert_true (kh_profiles_page_get_loaded (kh_window_get_profiles_page (window)));
  kh_test_iterate_briefly ();

  status_page = kh_test_find_widget_of_type (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status_page);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "Willkommen bei Keyhole");
  title = kh_test_find_label (GTK_WIDGET (window), "Willkommen bei Keyhole");
  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_nonnull (kh_test_find_label (status_page, "Sandbox öffnen"));
  g_assert_null (kh_test_find_label (status_page, "Open Sandbox"));

  /* A string set from C, not from a template. */
  connections = adw_tab_view_get_nth_page (kh_window_get_tab_view (window), 0);
  g_assert_cmpstr (adw_tab_page_get_title (connections), ==, "Verbindungen");

  gtk_window_destroy (GTK_WINDOW (window));
  g_remove (path);
}

static void
test_translation_preferences (void)
{
  KhPreferencesWindow *preferences;

  if (kh_test_skip_without_display ())
    return;

  preferences = kh_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (preferences));
  kh_test_iterate_briefly ();

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (preferences)), ==, "Einstellungen");
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (preferences), "Erscheinungsbild"));
  g_assert_nonnull (kh_test_find_label (GTK_WIDGET (preferences), "Neue Verbindungen"));

  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* German, whatever the machine has: de_DE.UTF-8 when installed, else C.UTF-8
 * with LANGUAGE=de. Returns FALSE when neither locale exists. */
static gboolean
use_german (void)
{
  g_setenv ("LANGUAGE", "de", TRUE);
  g_unsetenv ("LC_MESSAGES");
  if (setlocale (LC_ALL, "de_DE.UTF-8") != NULL)
    {
      g_unsetenv ("LC_ALL");
      g_setenv ("LANG", "de_DE.UTF-8", TRUE);
    }
  else
    {
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    }
  /* GTK calls setlocale (LC_ALL, "") too: the environment must agree. */
  return setlocale (LC_ALL, "") != NULL;
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("KH_TEST_LOCALEDIR");
  g_autofree char *catalog = NULL;
  gboolean have_locale;
  int ret;

  have_locale = use_german ();
  if (localedir != NULL)
    {
      catalog = g_build_filename (localedir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  g_test_init (&argc, &argv, NULL);

  /* Without these the tests would pass in English by accident, or not run. */
  if (localedir == NULL)
    g_error ("KH_TEST_LOCALEDIR is not set: run this test through meson test");
  if (!g_file_test (catalog, G_FILE_TEST_IS_REGULAR))
    g_error ("%s does not exist: is “de” in po/LINGUAS, and the build up to date?", catalog);
  if (!have_locale)
    g_error ("neither de_DE.UTF-8 nor C.UTF-8 is available as a locale");

  profiles_dir = g_dir_make_tmp ("kh-test-translation-XXXXXX", NULL);
  g_assert_nonnull (profiles_dir);
  g_setenv ("XDG_CONFIG_HOME", profiles_dir, TRUE);

  kh_test_ui_init ();

  g_test_add_func ("/ui/translation/catalog", test_translation_catalog);
  g_test_add_func ("/ui/translation/window", test_translation_window);
  g_test_add_func ("/ui/translation/preferences", test_translation_preferences);

  ret = g_test_run ();

  g_rmdir (profiles_dir);
  g_free (profiles_dir);
  return ret;
}
