/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-profile-form.c: how the connection dialog's form behaves as the user
 * fills it: provider presets, the name, the Test result and where Test is,
 * under a real display */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "kh-profile-dialog.h"
#include "kh-profile-store.h"
#include "kh-test-ui.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhTestServer, kh_test_server_stop)

/* The combo row's order. */
enum { RENDER, UPSTASH, LOCAL, CUSTOM };

typedef struct {
  char            *dir;
  KhProfileStore  *store;
  KhProfileDialog *dialog;
} Fixture;

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* A dialog for @profile, shown at its default size; the store is never saved. */
static void
fixture_open (Fixture   *f,
              KhProfile *profile)
{
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kh-test-profile-form-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  path = g_build_filename (f->dir, "profiles.json", NULL);
  f->store = kh_profile_store_new (path);
  f->dialog = kh_profile_dialog_new (f->store, profile);
  gtk_window_present (GTK_WINDOW (f->dialog));
  kh_test_wait_for (is_mapped, f->dialog, 10000);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  kh_test_iterate_briefly ();
  g_clear_object (&f->store);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->dialog), KH_TYPE_PROFILE_DIALOG, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
text (Fixture    *f,
      const char *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (f, row)));
}

static void
set_text (Fixture    *f,
          const char *row,
          const char *value)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, row)), value);
}

static gboolean
tls_on (Fixture *f)
{
  return adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (child (f, "tls_row")));
}

static gboolean
economy_on (Fixture *f)
{
  return gtk_switch_get_active (GTK_SWITCH (child (f, "economy_switch")));
}

static void
pick (Fixture *f,
      guint    provider)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, "provider_row")), provider);
}

/* Local → Render → Upstash → Local: each preset sets what it owns, and the
 * walk back to Local brings the form back as the URL filled it. */
static void
test_preset_walk (void)
{
  g_autoptr(KhProfile) profile = kh_profile_new ();
  Fixture f = { 0 };

  if (kh_test_skip_without_display ())
    return;
  fixture_open (&f, profile);
  g_assert_true (kh_profile_dialog_paste_url (f.dialog, "redis://127.0.0.1:7011"));
  g_assert_cmpstr (text (&f, "name_row"), ==, "Local · 127.0.0.1:7011");
  g_assert_false (tls_on (&f));
  g_assert_false (economy_on (&f));

  pick (&f, RENDER);
  g_assert_true (tls_on (&f));
  g_assert_cmpstr (text (&f, "port_row"), ==, "6379");
  g_assert_cmpstr (text (&f, "host_row"), ==, "127.0.0.1");
  g_assert_false (economy_on (&f));
  g_assert_cmpstr (text (&f, "username_row"), ==, "");
  g_assert_cmpstr (text (&f, "name_row"), ==, "Render · 127.0.0.1:6379");

  pick (&f, UPSTASH);
  g_assert_true (tls_on (&f));
  g_assert_true (economy_on (&f));
  g_assert_cmpstr (text (&f, "username_row"), ==, "default");
  g_assert_cmpstr (text (&f, "port_row"), ==, "6379");
  g_assert_cmpstr (text (&f, "name_row"), ==, "Upstash · 127.0.0.1:6379");

  pick (&f, LOCAL);
  g_assert_false (tls_on (&f));
  g_assert_false (economy_on (&f));
  g_assert_cmpstr (text (&f, "username_row"), ==, "");
  g_assert_cmpstr (text (&f, "port_row"), ==, "7011");
  g_assert_cmpstr (text (&f, "host_row"), ==, "127.0.0.1");
  g_assert_cmpstr (text (&f, "name_row"), ==, "Local · 127.0.0.1:7011");

  /* What the user changes under a preset is theirs, and stays. */
  pick (&f, UPSTASH);
  set_text (&f, "username_row", "alice");
  gtk_switch_set_active (GTK_SWITCH (child (&f, "economy_switch")), FALSE);
  pick (&f, LOCAL);
  g_assert_cmpstr (text (&f, "username_row"), ==, "alice");
  g_assert_false (tls_on (&f));
  g_assert_false (economy_on (&f));

  /* Saved as the form stands. */
  {
    KhProfile *form = kh_profile_dialog_get_profile (f.dialog);

    g_assert_cmpint (kh_profile_get_provider (form), ==, KH_PROVIDER_LOCAL);
    g_assert_false (kh_profile_get_tls (form));
    g_assert_false (kh_profile_get_economy (form));
    g_assert_cmpuint (kh_profile_get_port (form), ==, 7011);
  }

  fixture_close (&f);
}

/* A new Local connection: the preset's localhost goes when another provider
 * is picked, a host the user typed stays. */
static void
test_preset_new (void)
{
  g_autoptr(KhProfile) profile = kh_profile_new_for_provider (KH_PROVIDER_LOCAL);
  Fixture f = { 0 };

  if (kh_test_skip_without_display ())
    return;
  fixture_open (&f, profile);
  g_assert_cmpstr (text (&f, "host_row"), ==, "localhost");
  g_assert_cmpstr (text (&f, "name_row"), ==, "Local · localhost:6379");

  pick (&f, UPSTASH);
  g_assert_cmpstr (text (&f, "host_row"), ==, "");
  g_assert_cmpstr (text (&f, "name_row"), ==, "Upstash");
  set_text (&f, "host_row", "eu1-happy-cat-12345.upstash.io");
  g_assert_cmpstr (text (&f, "name_row"), ==, "Upstash · eu1-happy-cat-12345");

  pick (&f, CUSTOM);
  g_assert_cmpstr (text (&f, "host_row"), ==, "eu1-happy-cat-12345.upstash.io");
  g_assert_false (tls_on (&f));
  g_assert_cmpstr (text (&f, "username_row"), ==, "");
  g_assert_cmpstr (text (&f, "name_row"), ==, "eu1-happy-cat-12345.upstash.io:6379");

  fixture_close (&f);
}

/* The name follows the provider, host and port until the user types one,
 * which then never changes. */
static void
test_name (void)
{
  g_autoptr(KhProfile) profile = kh_profile_new_for_provider (KH_PROVIDER_LOCAL);
  Fixture f = { 0 };

  if (kh_test_skip_without_display ())
    return;
  fixture_open (&f, profile);
  set_text (&f, "host_row", "127.0.0.1");
  g_assert_cmpstr (text (&f, "name_row"), ==, "Local · 127.0.0.1:6379");
  set_text (&f, "port_row", "7011");
  g_assert_cmpstr (text (&f, "name_row"), ==, "Local · 127.0.0.1:7011");
  pick (&f, RENDER);
  g_assert_cmpstr (text (&f, "name_row"), ==, "Render · 127.0.0.1:6379");
  pick (&f, LOCAL);
  g_assert_cmpstr (text (&f, "name_row"), ==, "Local · 127.0.0.1:7011");

  set_text (&f, "name_row", "My cache");
  set_text (&f, "host_row", "::1");
  pick (&f, UPSTASH);
  g_assert_true (kh_profile_dialog_paste_url (f.dialog, "redis://localhost:6380"));
  g_assert_cmpstr (text (&f, "name_row"), ==, "My cache");
  g_assert_cmpstr (kh_profile_get_name (kh_profile_dialog_get_profile (f.dialog)), ==, "My cache");

  fixture_close (&f);
}

/* A profile that comes with a name of its own keeps it. */
static void
test_name_given (void)
{
  g_autoptr(KhProfile) profile = kh_profile_new_for_provider (KH_PROVIDER_CUSTOM);
  Fixture f = { 0 };

  if (kh_test_skip_without_display ())
    return;
  kh_profile_set_name (profile, "Cache (copy)");
  kh_profile_set_host (profile, "cache.example.com");
  fixture_open (&f, profile);
  g_assert_cmpstr (text (&f, "name_row"), ==, "Cache (copy)");
  set_text (&f, "host_row", "cache2.example.com");
  pick (&f, LOCAL);
  g_assert_cmpstr (text (&f, "name_row"), ==, "Cache (copy)");
  fixture_close (&f);
}

static gboolean
test_finished (gpointer data)
{
  Fixture *f = data;

  return kh_profile_dialog_get_test_result (f->dialog) != NULL ||
         gtk_widget_has_css_class (child (f, "test_row"), "error");
}

static void
run_test (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "profile.test", NULL));
  kh_test_wait_for (test_finished, f, 15000);
}

static void
assert_test_cleared (Fixture *f)
{
  g_assert_null (kh_profile_dialog_get_test_result (f->dialog));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, "test_row"))), ==,
                   "Connect once with these settings");
  g_assert_false (gtk_widget_has_css_class (child (f, "test_row"), "success"));
  g_assert_false (gtk_widget_has_css_class (child (f, "test_row"), "error"));
}

/* A Test result stands for the settings it tested: changing any of them
 * takes it away, changing the name or the colour does not. */
static void
test_result_cleared (void)
{
  g_autoptr(KhProfile) profile = kh_profile_new_for_provider (KH_PROVIDER_LOCAL);
  g_autoptr(KhTestServer) server = NULL;
  g_autofree char *port = NULL;
  Fixture f = { 0 };

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_SERVER_VALKEY, KH_TEST_SERVER_DEFAULT);
  if (server == NULL)
    return;
  port = g_strdup_printf ("%u", server->port);
  fixture_open (&f, profile);
  set_text (&f, "host_row", "127.0.0.1");
  set_text (&f, "port_row", port);

  run_test (&f);
  g_assert_nonnull (kh_profile_dialog_get_test_result (f.dialog));
  g_assert_true (gtk_widget_has_css_class (child (&f, "test_row"), "success"));
  set_text (&f, "name_row", "Renamed");
  set_text (&f, "delimiter_row", "/");
  g_assert_nonnull (kh_profile_dialog_get_test_result (f.dialog));

  set_text (&f, "port_row", "1");
  assert_test_cleared (&f);

  /* A failure goes too, the dialog's error with it. */
  run_test (&f);
  g_assert_nonnull (kh_profile_dialog_get_error (f.dialog));
  set_text (&f, "port_row", port);
  assert_test_cleared (&f);
  g_assert_null (kh_profile_dialog_get_error (f.dialog));

  {
    /* Each setting the test used, and what a preset changes. */
    static const char *rows[] = { "host_row", "username_row", "password_row", "server_name_row" };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autofree char *before = g_strdup (text (&f, rows[i]));

        run_test (&f);
        g_assert_nonnull (kh_profile_dialog_get_test_result (f.dialog));
        set_text (&f, rows[i], "x");
        assert_test_cleared (&f);
        set_text (&f, rows[i], before);
      }
    run_test (&f);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (&f, "database_spin")), 3);
    assert_test_cleared (&f);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (&f, "database_spin")), 0);
    run_test (&f);
    gtk_switch_set_active (GTK_SWITCH (child (&f, "read_only_switch")), TRUE);
    assert_test_cleared (&f);
    run_test (&f);
    pick (&f, UPSTASH);
    assert_test_cleared (&f);
    pick (&f, LOCAL);
    run_test (&f);
    adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (child (&f, "tls_row")), TRUE);
    assert_test_cleared (&f);
  }

  /* A change while a test runs stops it: its answer would be for the old settings. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (child (&f, "tls_row")), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.dialog), "profile.test", NULL));
  set_text (&f, "port_row", "2");
  assert_test_cleared (&f);
  g_assert_true (gtk_widget_get_sensitive (kh_test_find_actionable (GTK_WIDGET (f.dialog), "profile.test")));
  kh_test_iterate_briefly ();
  assert_test_cleared (&f);

  fixture_close (&f);
}

/* At the dialog's default size, Test is on screen without scrolling, and
 * Connect is beside Save. */
static void
test_buttons_in_view (void)
{
  g_autoptr(KhProfile) profile = kh_profile_new_for_provider (KH_PROVIDER_CUSTOM);
  Fixture f = { 0 };
  static const char *actions[] = { "profile.test", "profile.save", "profile.connect" };

  if (kh_test_skip_without_display ())
    return;
  fixture_open (&f, profile);
  kh_test_iterate_briefly ();

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = kh_test_find_actionable (GTK_WIDGET (f.dialog), actions[i]);
      graphene_rect_t bounds;

      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_mapped (button));
      /* Not in the scrolled form, where it would scroll away. */
      g_assert_false (gtk_widget_is_ancestor (button, child (&f, "scrolled_window")));
      g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (f.dialog), &bounds));
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (f.dialog)));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (f.dialog)));
    }
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  kh_test_ui_init ();

  g_test_add_func ("/ui/profile-form/preset-walk", test_preset_walk);
  g_test_add_func ("/ui/profile-form/preset-new", test_preset_new);
  g_test_add_func ("/ui/profile-form/name", test_name);
  g_test_add_func ("/ui/profile-form/name-given", test_name_given);
  g_test_add_func ("/ui/profile-form/test-result-cleared", test_result_cleared);
  g_test_add_func ("/ui/profile-form/buttons-in-view", test_buttons_in_view);

  return g_test_run ();
}
