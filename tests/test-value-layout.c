/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-value-layout.c: the value views fit beside the key browser in a
 * window of the default width (1100 pixels): no label is cut short, the hex
 * dump is not clipped on the right
 *
 * With KH_TEST_SCREENSHOTS=DIR, each view is also saved as DIR/<key>.png.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "kh-key-browser.h"
#include "kh-test-ui.h"
#include "kh-value-view.h"

typedef struct {
  GPtrArray *problems;
} Walk;

static gboolean
browser_loaded (gpointer data)
{
  KhKeyBrowser *browser = data;

  return !kh_key_browser_get_loading (browser) &&
         kh_key_index_get_n_keys (kh_key_browser_get_index (browser)) > 0;
}

static gboolean
view_settled (gpointer data)
{
  KhValueView *view = data;

  return kh_value_view_get_state (view) != KH_VALUE_VIEW_LOADING && !kh_value_view_get_loading (view);
}

/* A label is cut short when it is ellipsized, or narrower than its text
 * needs without wrapping */
static void
check_labels (GtkWidget *widget,
              Walk      *walk)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      GtkLabel *label = GTK_LABEL (widget);
      PangoLayout *layout = gtk_label_get_layout (label);
      int width;

      /* A label that neither wraps nor ellipsizes lays out its whole text */
      pango_layout_get_pixel_size (layout, &width, NULL);
      if (pango_layout_is_ellipsized (layout))
        g_ptr_array_add (walk->problems, g_strdup_printf ("ellipsized: \"%s\"", gtk_label_get_text (label)));
      else if (gtk_widget_get_width (widget) < width)
        g_ptr_array_add (walk->problems, g_strdup_printf ("clipped (%d of %d pixels): \"%s\"",
                                                          gtk_widget_get_width (widget), width,
                                                          gtk_label_get_text (label)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (child, walk);
}

/* A text view that does not wrap shows all its width: nothing to scroll to */
static void
check_text_views (GtkWidget *widget,
                  Walk      *walk)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_get_child_visible (widget))
    return;
  if (GTK_IS_TEXT_VIEW (widget) && gtk_text_view_get_wrap_mode (GTK_TEXT_VIEW (widget)) == GTK_WRAP_NONE)
    {
      GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (widget));

      if (h != NULL && gtk_adjustment_get_upper (h) > gtk_adjustment_get_page_size (h) + 0.5)
        g_ptr_array_add (walk->problems, g_strdup_printf ("text clipped on the right: %.0f of %.0f pixels shown",
                                                          gtk_adjustment_get_page_size (h),
                                                          gtk_adjustment_get_upper (h)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_text_views (child, walk);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("KH_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

static void
run (KhSession *session,
     const char *first,
     ...) G_GNUC_NULL_TERMINATED;

static void
run (KhSession  *session,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KhReply) reply = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  {
    KhCommand *command = kh_command_new (g_ptr_array_index (args, 0));

    for (guint i = 1; i < args->len; i++)
      kh_command_add (command, g_ptr_array_index (args, i));
    reply = kh_test_session_run_ok (session, command);
  }
}

static void
test_default_width (gconstpointer data)
{
  static const char * const keys[] = {
    "session:json", "session:text", "blob", "counter", "queue", "user:1", "tags", "leaderboard", "events",
  };
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  GtkWindow *window;
  KhKeyBrowser *browser;
  Walk walk = { problems };

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  run (session, "SET", "session:json", "{\"user_id\": 379, \"csrf\": \"c5006d031a451e3993162462a520647a5785e1ea\"}",
       NULL);
  run (session, "SET", "session:text", "Welcome back! Your order ships on Monday.", NULL);
  run (session, "SET", "counter", "41", NULL);
  {
    KhCommand *command = kh_command_new ("SET");
    g_autoptr(KhReply) reply = NULL;
    guint8 bytes[300];

    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) (i * 7);
    kh_command_add (command, "blob");
    kh_command_add_len (command, (const char *) bytes, sizeof bytes);
    reply = kh_test_session_run_ok (session, command);
  }
  run (session, "RPUSH", "queue", "first job", "second job", "a third job with a longer description", NULL);
  run (session, "HSET", "user:1", "name", "Ada Lovelace", "born", "10 December 1815", NULL);
  run (session, "SADD", "tags", "redis", "valkey", "keyhole", NULL);
  run (session, "ZADD", "leaderboard", "100", "ada", "90", "grace", "80", "linus", NULL);
  run (session, "XADD", "events", "*", "type", "login", "user", "ada", NULL);

  window = GTK_WINDOW (adw_window_new ());
  browser = KH_KEY_BROWSER (kh_key_browser_new (session, ':', FALSE));
  gtk_window_set_default_size (window, 1100, 720);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (browser));
  gtk_window_present (window);
  kh_test_wait_for (browser_loaded, browser, 30000);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GBytes) key = g_bytes_new_static (keys[i], strlen (keys[i]));
      GtkWidget *view;
      g_autofree char *name = NULL;
      guint before = problems->len;

      g_assert_true (kh_key_browser_select_key (browser, key));
      view = kh_test_find_widget_of_type (GTK_WIDGET (browser), KH_TYPE_VALUE_VIEW);
      g_assert_nonnull (view);
      kh_test_wait_for (view_settled, view, 20000);
      /* Laid out, and the revealers and crossfades done */
      for (guint j = 0; j < 10; j++)
        {
          kh_test_iterate_briefly ();
          g_usleep (20000);
        }
      g_assert_cmpint (kh_value_view_get_state (KH_VALUE_VIEW (view)), ==, KH_VALUE_VIEW_VALUE);
      check_labels (view, &walk);
      check_text_views (view, &walk);
      for (guint j = before; j < problems->len; j++)
        {
          char *with_key = g_strdup_printf ("%s: %s", keys[i], (char *) g_ptr_array_index (problems, j));

          g_free (problems->pdata[j]);
          problems->pdata[j] = with_key;
        }
      name = g_strdelimit (g_strdup (keys[i]), ":", '-');
      save_screenshot (GTK_WIDGET (window), name);
    }

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);

  gtk_window_destroy (window);
  kh_session_close (session);
  kh_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

  kh_test_add_for_each_server ("/ui/value-layout", "default-width", test_default_width);

  return g_test_run ();
}
