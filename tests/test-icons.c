/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-icons.c: every icon the app names is found, in the system theme or in the app's resources
 *
 * Debian 12's Adwaita lacks some symbolic icons other distributions have
 * (utilities-system-monitor-symbolic showed as a missing-image placeholder on
 * the Monitor page), so the sources are read for every icon name, and each
 * must resolve with the app's resources loaded as GtkApplication loads them.
 */
#include "config.h"

#include <adwaita.h>

#include "kh-test-ui.h"

static void
collect (GHashTable *names,
         GRegex     *regex,
         const char *text)
{
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_hash_table_add (names, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }
}

/* The .c and .ui files of @path and of the feature folders below it */
static void
collect_dir (GHashTable *names,
             GRegex     *symbolic,
             GRegex     *property,
             const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *file;

  dir = g_dir_open (path, 0, &error);
  g_assert_no_error (error);
  while ((file = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, file, NULL);
      g_autofree char *text = NULL;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          collect_dir (names, symbolic, property, child);
          continue;
        }
      if (!g_str_has_suffix (file, ".c") && !g_str_has_suffix (file, ".ui"))
        continue;
      g_file_get_contents (child, &text, NULL, &error);
      g_assert_no_error (error);
      collect (names, symbolic, text);
      collect (names, property, text);
    }
}

static void
test_icons_resolve (void)
{
  g_autofree char *ui_dir = g_test_build_filename (G_TEST_DIST, "..", "src", "ui", NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) symbolic = g_regex_new ("[\">]([a-z0-9.-]+-symbolic)[\"<]", 0, 0, NULL);
  g_autoptr(GRegex) property = g_regex_new ("name=\"icon[-_]name\"[^>]*>([^<]+)<", 0, 0, NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  GtkIconTheme *theme;
  GHashTableIter iter;
  gpointer name;

  if (kh_test_skip_without_display ())
    return;

  collect_dir (names, symbolic, property, ui_dir);
  /* The scan finds names, the one that was missing among them. */
  g_assert_cmpuint (g_hash_table_size (names), >, 20);
  g_assert_true (g_hash_table_contains (names, "utilities-system-monitor-symbolic"));

  theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  /* What GtkApplication adds for the resource base path /app/keyhole/Keyhole. */
  gtk_icon_theme_add_resource_path (theme, "/app/keyhole/Keyhole/icons");

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      if (!gtk_icon_theme_has_icon (theme, name))
        g_string_append_printf (missing, " %s", (const char *) name);
    }
  if (missing->len > 0)
    g_error ("icons not found in theme “%s” nor in the app's resources:%s",
             gtk_icon_theme_get_theme_name (theme), missing->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  kh_test_ui_init ();

  g_test_add_func ("/ui/icons/resolve", test_icons_resolve);

  return g_test_run ();
}
