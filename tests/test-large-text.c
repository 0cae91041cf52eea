/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-large-text.c: large string values, shown without stalling the main
 * loop: KhLargeTextView alone, and "Load All" of a multi-megabyte value in a
 * KhValueView on a real redis-server and valkey-server */
#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <time.h>

#include "kh-large-text-view.h"
#include "kh-string-view.h"
#include "kh-test-ui.h"
#include "kh-value-decode.h"
#include "kh-value-view.h"

/* What the test asserts of the longest stall is generous, and counts the
 * main thread's own CPU time between two ticks, not the wall time: the
 * machine may be busy with other work. bench-large-value measures it. */
#define STALL_BOUND_MS 100

/* The rows of @view, joined with a newline where a line ends: the text */
static GString *
join_rows (KhLargeTextView *view,
           guint           *longest_row)
{
  guint64 n = kh_large_text_view_get_n_rows (view);
  GString *out = g_string_new (NULL);

  *longest_row = 0;
  for (guint64 row = 0; row < n; row++)
    {
      gboolean ends_line = FALSE;
      g_autoptr(GBytes) bytes = kh_large_text_view_dup_row (view, row, &ends_line);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      *longest_row = MAX (*longest_row, (guint) g_utf8_strlen (data, len));
      g_string_append_len (out, data, len);
      if (ends_line && row + 1 < n)
        g_string_append_c (out, '\n');
    }
  return out;
}

static void
assert_shown_exactly (KhLargeTextView *view,
                      const char      *text,
                      gsize            len)
{
  guint longest = 0;
  g_autoptr(GString) shown = join_rows (view, &longest);

  /* Nothing added, nothing lost: wrapping inserts no hyphen, no newline */
  g_assert_cmpuint (shown->len, ==, len);
  g_assert_true (memcmp (shown->str, text, len) == 0);
  g_assert_cmpuint (longest, <=, kh_large_text_view_get_columns (view));
}

/* The binding the widget class installed for @keyval with @modifiers, as a
 * key press would trigger it */
static void
press_shortcut (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, modifiers);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_error ("no shortcut for %s", gtk_accelerator_name (keyval, modifiers));
}

static char *
clipboard_text (GtkWidget *widget)
{
  KhTestAsync async = { 0 };
  g_autoptr(GError) error = NULL;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, kh_test_async_ready, &async);
  text = gdk_clipboard_read_text_finish (clipboard, kh_test_async_wait (&async, 10000), &error);
  g_assert_no_error (error);
  kh_test_async_clear (&async);
  return text;
}

static gboolean
not_loading (gpointer data)
{
  return !kh_large_text_view_get_loading (data);
}

static gboolean
scrolled_to_end (gpointer data)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (data);

  return gtk_adjustment_get_page_size (adjustment) > 0 &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
           gtk_adjustment_get_upper (adjustment) - 1;
}

/* The widget alone: lines of every length, ASCII and not, at two widths */
static void
test_rows (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  GtkWidget *window, *scrolled;
  KhLargeTextView *view;
  guint columns;

  if (kh_test_skip_without_display ())
    return;
  g_string_append (text, "{\"short\": 1}\n\n");
  for (guint i = 0; i < 20000; i++)
    g_string_append (text, "ünï-cödé ");   /* a long non-ASCII line, past several checkpoints */
  g_string_append_c (text, '\n');
  for (guint i = 0; i < 50000; i++)
    g_string_append (text, "QUJD+/==");
  g_string_append (text, "\nlast line without newline");
  bytes = g_bytes_new (text->str, text->len);

  window = gtk_window_new ();
  scrolled = gtk_scrolled_window_new ();
  view = KH_LARGE_TEXT_VIEW (kh_large_text_view_new ());
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_present (GTK_WINDOW (window));

  kh_large_text_view_set_text (view, bytes);
  g_assert_true (kh_large_text_view_get_loading (view));
  kh_test_wait_for (not_loading, view, 10000);
  kh_test_iterate_briefly ();
  columns = kh_large_text_view_get_columns (view);
  g_assert_cmpuint (columns, >, 20);
  assert_shown_exactly (view, text->str, text->len);

  /* Narrower: rows are counted again, and still show every byte */
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 400);
  for (guint i = 0; i < 200 && kh_large_text_view_get_columns (view) == columns; i++)
    kh_test_iterate_briefly ();
  g_assert_cmpuint (kh_large_text_view_get_columns (view), <, columns);
  assert_shown_exactly (view, text->str, text->len);

  /* The cursor: Ctrl+End to the end, Ctrl+Home back, and by characters */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  press_shortcut (GTK_WIDGET (view), GDK_KEY_End, GDK_CONTROL_MASK);
  g_assert_cmpuint (kh_large_text_view_get_cursor (view), ==, text->len);
  kh_test_wait_for (scrolled_to_end, view, 5000);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_Home, GDK_CONTROL_MASK);
  g_assert_cmpuint (kh_large_text_view_get_cursor (view), ==, 0);
  g_assert_cmpuint (kh_large_text_view_get_top_row (view), ==, 0);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_Down, 0);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_Down, 0);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_Right, 0);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_Right, 0);
  /* Third line, after "ün": a character is not a byte */
  g_assert_cmpuint (kh_large_text_view_get_cursor (view), ==, strlen ("{\"short\": 1}\n\n") + strlen ("ün"));

  /* Shift selects, Ctrl+C copies the bytes selected; Ctrl+A all of them */
  press_shortcut (GTK_WIDGET (view), GDK_KEY_Home, GDK_CONTROL_MASK);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_Right, GDK_SHIFT_MASK);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_Right, GDK_SHIFT_MASK);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_c, GDK_CONTROL_MASK);
  {
    g_autofree char *copied = clipboard_text (GTK_WIDGET (view));

    g_assert_cmpstr (copied, ==, "{\"");
  }
  press_shortcut (GTK_WIDGET (view), GDK_KEY_a, GDK_CONTROL_MASK);
  press_shortcut (GTK_WIDGET (view), GDK_KEY_c, GDK_CONTROL_MASK);
  {
    g_autofree char *copied = clipboard_text (GTK_WIDGET (view));

    g_assert_cmpstr (copied, ==, text->str);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
pane_idle (gpointer data)
{
  KhValuePane *pane = data;

  return !kh_value_pane_get_busy (pane) && !kh_value_pane_get_loading (pane);
}

static gboolean
view_settled (gpointer data)
{
  KhValueView *view = data;

  return kh_value_view_get_state (view) != KH_VALUE_VIEW_LOADING && !kh_value_view_get_loading (view);
}

/* Editors of short values wrap without adding hyphens */
static void
test_editor_hyphens (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = g_bytes_new_static ("word", 4);
  GtkWidget *window;
  KhValueView *view;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  GSList *tags;
  gboolean hyphens_off = FALSE;

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  {
    g_autoptr(KhReply) reply = kh_test_session_run_ok (session, kh_command_new_va ("SET", "word",
                                                                                    "Supercalifragilisticexpialidocious",
                                                                                    NULL));
  }
  window = adw_window_new ();
  view = KH_VALUE_VIEW (kh_value_view_new (session));
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  kh_value_view_set_key (view, key);
  kh_test_wait_for (view_settled, view, 20000);

  buffer = GTK_TEXT_BUFFER (kh_string_view_get_buffer (KH_STRING_VIEW (kh_value_view_get_pane (view))));
  /* Typed text too, at the end of what was loaded */
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert_interactive (buffer, &iter, "Antidisestablishmentarianism", -1, TRUE);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 3);
  for (guint check = 0; check < 2; check++)
    {
      hyphens_off = FALSE;
      tags = gtk_text_iter_get_tags (&iter);
      for (GSList *l = tags; l != NULL; l = l->next)
        {
          gboolean set, hyphens;

          g_object_get (l->data, "insert-hyphens-set", &set, "insert-hyphens", &hyphens, NULL);
          hyphens_off |= set && !hyphens;
        }
      g_slist_free (tags);
      g_assert_true (hyphens_off);
      gtk_text_buffer_get_end_iter (buffer, &iter);
      gtk_text_iter_backward_chars (&iter, 3);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  kh_session_close (session);
  kh_test_server_stop (server);
}

/* Load All of a 6 MB value, mostly one line of base64 */

typedef struct {
  gint64 last;
  gint64 last_cpu;
  gint64 longest;       /* wall time */
  gint64 longest_cpu;   /* the main thread's CPU time */
  guint  n_ticks;
} Ticks;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
on_tick (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (ticks->last != 0)
    {
      ticks->longest = MAX (ticks->longest, now - ticks->last);
      ticks->longest_cpu = MAX (ticks->longest_cpu, cpu - ticks->last_cpu);
    }
  ticks->last = now;
  ticks->last_cpu = cpu;
  ticks->n_ticks++;
  return G_SOURCE_CONTINUE;
}

static void
test_load_all (gconstpointer data)
{
  KhTestServer *server;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = g_bytes_new_static ("big", 3);
  g_autoptr(GByteArray) random = g_byte_array_new ();
  g_autofree char *base64 = NULL;
  g_autofree char *value = NULL;
  GtkWidget *window;
  KhValueView *view;
  KhValuePane *pane;
  KhLargeTextView *large;
  GtkLabel *banner;
  Ticks ticks = { 0 };
  guint tick_source;
  guint columns;
  gsize len;
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);

  if (kh_test_skip_without_display ())
    return;
  server = kh_test_server_start (KH_TEST_KIND (data), 0);
  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  for (guint i = 0; i < 4500 * 1024 / 4; i++)
    {
      guint32 word = g_rand_int (rand);

      g_byte_array_append (random, (const guint8 *) &word, 4);
    }
  base64 = kh_value_encode_base64 (random->data, random->len);
  value = g_strconcat ("{\"note\": \"a line before the base64\"}\n", base64, NULL);
  len = strlen (value);
  g_assert_cmpuint (len, >, 6000000);
  {
    g_autoptr(KhReply) reply = kh_test_session_run_ok (session, kh_command_new_va ("SET", "big", value, NULL));
  }

  window = adw_window_new ();
  view = KH_VALUE_VIEW (kh_value_view_new (session));
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  kh_value_view_set_key (view, key);
  kh_test_wait_for (view_settled, view, 20000);
  pane = kh_value_view_get_pane (view);
  g_assert_true (KH_IS_STRING_VIEW (pane));
  g_assert_true (kh_string_view_get_truncated (KH_STRING_VIEW (pane)));
  large = KH_LARGE_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_STRING_VIEW, "large_view"));
  /* The first megabyte, exactly */
  g_assert_cmpuint (g_bytes_get_size (kh_large_text_view_get_text (large)), ==, 1024 * 1024);

  /* (a) The main loop keeps turning while the rest arrives and is laid out */
  tick_source = g_timeout_add (10, on_tick, &ticks);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "string.load-all", NULL));
  banner = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_STRING_VIEW, "large_label"));
  /* Said at once, counted as it comes */
  g_assert_true (g_str_has_prefix (gtk_label_get_label (banner), "Loading the whole value: 0 bytes of 6."));
  kh_test_wait_for (pane_idle, pane, 60000);
  /* And while it is laid out and drawn */
  {
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
  }
  g_source_remove (tick_source);
  g_test_message ("longest gap between 10 ms ticks: %.1f ms, %.1f ms of it the main thread's CPU time; %u ticks",
                  ticks.longest / 1000.0, ticks.longest_cpu / 1000.0, ticks.n_ticks);
  g_assert_cmpuint (ticks.n_ticks, >, 1);
  g_assert_cmpint (ticks.longest_cpu, <, STALL_BOUND_MS * 1000);

  /* (b) The whole value, byte for byte, and (c) rows are slices of it:
   * soft wrapping added no hyphen */
  g_assert_false (kh_string_view_get_truncated (KH_STRING_VIEW (pane)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (pane),
                                                                                                KH_TYPE_STRING_VIEW,
                                                                                                "stack"))),
                   ==, "large");
  g_assert_cmpuint (g_bytes_get_size (kh_large_text_view_get_text (large)), ==, len);
  assert_shown_exactly (large, value, len);
  columns = kh_large_text_view_get_columns (large);
  g_assert_cmpuint (columns, >, 40);
  g_assert_cmpuint (kh_large_text_view_get_n_rows (large), ==, 1 + (strlen (base64) + columns - 1) / columns);

  /* Read-only, and the banner says why */
  g_assert_false (kh_value_pane_can_save (pane));
  g_assert_nonnull (strstr (gtk_label_get_label (banner), "too large to edit here"));

  /* (d) Ctrl+End goes to the end */
  gtk_widget_grab_focus (GTK_WIDGET (large));
  press_shortcut (GTK_WIDGET (large), GDK_KEY_End, GDK_CONTROL_MASK);
  g_assert_cmpuint (kh_large_text_view_get_cursor (large), ==, len);
  kh_test_wait_for (scrolled_to_end, large, 5000);

  gtk_window_destroy (GTK_WINDOW (window));
  kh_session_close (session);
  kh_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_ui_init ();

  g_test_add_func ("/ui/large-text/rows", test_rows);
  kh_test_add_for_each_server ("/ui/large-text", "editor-hyphens", test_editor_hyphens);
  kh_test_add_for_each_server ("/ui/large-text", "load-all", test_load_all);

  return g_test_run ();
}
