/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-browser-layout.c: the key browser's header and rows as a user
 * sees them: the New Key button, the filter and the header at the narrowest
 * and at the default width, names too long for their row */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-key-browser.h"
#include "kh-new-key-dialog.h"
#include "kh-test-keys.h"
#include "kh-test-server.h"
#include "kh-test-ui.h"
#include "kh-value-view.h"

#define LONG_NAME_1 "tenant:acme-corporation:region:eu-west-1:service:billing:invoices:2026-12:item-000001"
#define LONG_NAME_2 "tenant:acme-corporation:region:eu-west-1:service:billing:invoices:2026-12:item-000002"

typedef struct {
  KhTestServer *server;
  KhSession    *session;
  GtkWindow    *window;
  KhKeyBrowser *browser;
} Fixture;

static gboolean
loaded (gpointer data)
{
  return !kh_key_browser_get_loading (data) && g_list_model_get_n_items (kh_key_browser_get_model (data)) > 0;
}

/* A server with @keys (NULL-terminated), shown in a browser @width wide;
 * FALSE when the test is skipped */
static gboolean
fixture_show (Fixture            *f,
              KhSessionFlags      flags,
              int                 width,
              const char * const *keys)
{
  if (kh_test_skip_without_display ())
    return FALSE;
  f->server = kh_test_server_start (KH_TEST_SERVER_VALKEY, KH_TEST_SERVER_DEFAULT);
  if (f->server == NULL)
    f->server = kh_test_server_start (KH_TEST_SERVER_REDIS, KH_TEST_SERVER_DEFAULT);
  if (f->server == NULL)
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    g_free (kh_test_server_cli (f->server, "SET", keys[i], "v", NULL));

  f->session = kh_test_session_open (f->server, flags);
  f->window = GTK_WINDOW (gtk_window_new ());
  f->browser = KH_KEY_BROWSER (kh_key_browser_new (f->session, ':', FALSE));
  gtk_window_set_default_size (f->window, width, 700);
  gtk_window_set_child (f->window, GTK_WIDGET (f->browser));
  gtk_window_present (f->window);
  kh_test_wait_for (loaded, f->browser, 20000);
  kh_test_iterate_briefly ();
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

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->browser), KH_TYPE_KEY_BROWSER, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
dialog_shown (gpointer data)
{
  return kh_test_find_shown_toplevel (KH_TYPE_NEW_KEY_DIALOG) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return kh_test_find_shown_toplevel (KH_TYPE_NEW_KEY_DIALOG) == NULL;
}

static gboolean
shows_key (gpointer data)
{
  Fixture *f = data;
  GBytes *selected = kh_key_browser_get_selected_key (f->browser);
  GtkWidget *view = kh_test_find_widget_of_type (GTK_WIDGET (f->browser), KH_TYPE_VALUE_VIEW);
  GBytes *shown = view != NULL ? kh_value_view_get_key (KH_VALUE_VIEW (view)) : NULL;
  g_autoptr(GBytes) wanted = g_bytes_new_static ("fresh:key", 9);

  return selected != NULL && g_bytes_equal (selected, wanted) &&
         shown != NULL && g_bytes_equal (shown, wanted) &&
         kh_value_view_get_state (KH_VALUE_VIEW (view)) == KH_VALUE_VIEW_VALUE;
}

/* The header's + opens the New Key dialog; the key made is selected and its
 * value shown. On a read-only connection the button says why it is off. */
static void
test_new_key_button (void)
{
  static const char *keys[] = { "old", NULL };
  Fixture f = { 0 };
  GtkWidget *button;
  GtkWindow *dialog;
  g_autofree char *value = NULL;

  if (!fixture_show (&f, KH_SESSION_FLAGS_NONE, 1100, keys))
    return;

  button = child (&f, "new_key_button");
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "New key (Ctrl+Enter)");

  g_assert_true (gtk_widget_activate (button));
  kh_test_wait_for (dialog_shown, NULL, 5000);
  dialog = kh_test_find_shown_toplevel (KH_TYPE_NEW_KEY_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == f.window);
  g_assert_true (gtk_window_get_modal (dialog));

  kh_new_key_dialog_set_name (KH_NEW_KEY_DIALOG (dialog), "fresh:key");
  kh_new_key_dialog_set_content (KH_NEW_KEY_DIALOG (dialog), NULL, "made", 0);
  kh_new_key_dialog_create (KH_NEW_KEY_DIALOG (dialog));
  kh_test_wait_for (dialog_gone, NULL, 10000);
  kh_test_wait_for (shows_key, &f, 10000);
  value = kh_test_server_cli (f.server, "GET", "fresh:key", NULL);
  g_assert_cmpstr (g_strstrip (value), ==, "made");
  fixture_close (&f);

  memset (&f, 0, sizeof f);
  if (!fixture_show (&f, KH_SESSION_READ_ONLY, 1100, keys))
    return;
  button = child (&f, "new_key_button");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "read-only"));
  gtk_widget_activate_action (GTK_WIDGET (f.browser), "browser.new-key", NULL);
  kh_test_iterate_briefly ();
  g_assert_null (kh_test_find_shown_toplevel (KH_TYPE_NEW_KEY_DIALOG));
  fixture_close (&f);
}

/* No label of the header is cut short */
static void
assert_header_fits (Fixture *f)
{
  GtkWidget *header = gtk_widget_get_parent (child (f, "search_entry"));
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (child (f, "search_entry"))));
  g_autofree char *placeholder = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int placeholder_width;
  GPtrArray *labels = g_ptr_array_new ();

  /* The filter says what it is for, whole */
  g_object_get (child (f, "search_entry"), "placeholder-text", &placeholder, NULL);
  layout = gtk_widget_create_pango_layout (text, placeholder);
  pango_layout_get_pixel_size (layout, &placeholder_width, NULL);
  g_assert_cmpint (gtk_widget_get_width (text), >=, placeholder_width);

  /* The dropdowns' and buttons' labels */
  for (GtkWidget *w = header; w != NULL; )
    {
      if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w))
        g_ptr_array_add (labels, w);
      /* depth first */
      if (gtk_widget_get_first_child (w) != NULL && !GTK_IS_TEXT (w))
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != header && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == header ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_cmpuint (labels->len, >=, 2);  /* the sort and database dropdowns' */
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      int natural;

      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      if (gtk_widget_get_width (label) < natural)
        g_error ("“%s” is %d pixels wide of %d", gtk_label_get_text (GTK_LABEL (label)),
                 gtk_widget_get_width (label), natural);
    }
  g_ptr_array_unref (labels);
}

static gboolean
window_width_is (gpointer data)
{
  GtkWindow *window = ((gpointer *) data)[0];
  int width = GPOINTER_TO_INT (((gpointer *) data)[1]);

  return gtk_widget_get_width (GTK_WIDGET (window)) == width;
}

static void
test_header_widths (void)
{
  static const char *keys[] = { "a", "b", NULL };
  Fixture f = { 0 };
  gpointer data[2];
  int min_width;

  if (!fixture_show (&f, KH_SESSION_FLAGS_NONE, 1100, keys))
    return;
  assert_header_fits (&f);

  gtk_widget_measure (GTK_WIDGET (f.window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("The browser's window is at least %d pixels wide", min_width);
  gtk_window_set_default_size (f.window, min_width, 700);
  data[0] = f.window;
  data[1] = GINT_TO_POINTER (min_width);
  kh_test_wait_for (window_width_is, data, 5000);
  kh_test_iterate_briefly ();
  assert_header_fits (&f);
  fixture_close (&f);
}

static gboolean
is_tooltip_label (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
         !GTK_IS_WINDOW (gtk_widget_get_native (widget));
}

static gboolean
tooltip_shows (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];

  return kh_test_find_widget (GTK_WIDGET (f->window), is_tooltip_label, ((gpointer *) data)[1]) != NULL;
}

/* A flat row's name too long for it loses its start, not its end, which
 * tells keys apart; the whole name is in its tooltip */
static void
test_long_names (void)
{
  static const char *keys[] = { LONG_NAME_1, LONG_NAME_2, "short", NULL };
  Fixture f = { 0 };
  GtkWidget *label;
  GtkWidget *short_label;
  gpointer data[2] = { &f, (gpointer) LONG_NAME_2 };

  if (!fixture_show (&f, KH_SESSION_FLAGS_NONE, 1100, keys))
    return;

  label = kh_test_find_label (child (&f, "list_view"), LONG_NAME_2);
  g_assert_nonnull (label);
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_START);
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  g_assert_true (gtk_widget_get_has_tooltip (label));

  /* Shown on hover, as GTK shows tooltips */
  if (!kh_test_keys_available ())
    {
      g_test_message ("No XTEST: the tooltip is not looked at");
      fixture_close (&f);
      return;
    }
  kh_test_focus_window (f.window);
  kh_test_move_pointer (label, 30, gtk_widget_get_height (label) / 2.0);
  kh_test_wait_for (tooltip_shows, data, 5000);

  /* A name that fits has none */
  short_label = kh_test_find_label (child (&f, "list_view"), "short");
  g_assert_nonnull (short_label);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (short_label))));
  kh_test_move_pointer (short_label, 5, gtk_widget_get_height (short_label) / 2.0);
  data[1] = (gpointer) "short";
  g_assert_false (kh_test_iterate_until (tooltip_shows, data, 1500));

  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  kh_test_ui_init ();

  g_test_add_func ("/ui/key-browser-layout/new-key-button", test_new_key_button);
  g_test_add_func ("/ui/key-browser-layout/header-widths", test_header_widths);
  g_test_add_func ("/ui/key-browser-layout/long-names", test_long_names);

  return g_test_run ();
}
