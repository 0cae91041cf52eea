/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-large-value.c: how long the main loop stalls while the value view
 * loads and shows a large string ("Load All")
 *
 *   bench-large-value [SIZE...]     (bytes; default 5300000 and 67108864)
 *
 * Starts a private valkey-server (or redis-server) on loopback, SETs a value
 * of each size (one line of base64 after a short JSON line), and opens it in
 * a KhValueView in a 1100 × 700 window under the display (exit code 77
 * without one): first the 1 MB preview, then "Load All". While it loads, a
 * 5 ms timer measures its own lateness: the longest stall of the GTK main
 * loop (target: 20 ms at most). Prints the time to the first screen of the
 * whole value (target: 300 ms at most), to fully loaded, to Ctrl+End's frame,
 * and the peak resident memory the load added (VmHWM, reset before it).
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-util.h"
#include "kh-large-text-view.h"
#include "kh-string-view.h"
#include "kh-test-util.h"
#include "kh-value-decode.h"
#include "kh-value-view.h"

#define TICK_MS          5
#define STALL_TARGET_MS  20
#define FIRST_TARGET_MS  300

typedef struct {
  gint64   last;
  gint64   last_cpu;
  gint64   max_late;
  gint64   max_late_cpu;     /* the main thread's CPU time in that stall */
  gint64   max_cpu;          /* the longest stretch of the main thread's CPU time between ticks */
  gint64   max_late_at;
  gint64   start;
  guint    n_ticks;
  gboolean measuring;
} Stall;

/* CPU time of the calling thread, in µs: on a machine busy with other
 * work, part of a stall in wall time is waiting for a core */
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
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  gint64 late = MAX (now - stall->last - TICK_MS * 1000, 0);
  gint64 cpu_used = cpu - stall->last_cpu;

  stall->last = now;
  stall->last_cpu = cpu;
  if (!stall->measuring)
    return G_SOURCE_CONTINUE;
  stall->n_ticks++;
  stall->max_cpu = MAX (stall->max_cpu, cpu_used);
  if (late > stall->max_late)
    {
      stall->max_late = late;
      stall->max_late_cpu = cpu_used;
      stall->max_late_at = now - stall->start;
    }
  if (late > STALL_TARGET_MS * 1000 && g_getenv ("KH_DEBUG_LARGE") != NULL)
    g_printerr ("stall: %.1f ms at %.0f ms, %.1f ms of it the main thread's CPU time\n", late / 1000.0,
                (now - stall->start) / 1000.0, cpu_used / 1000.0);
  return G_SOURCE_CONTINUE;
}

typedef struct {
  KhLargeTextView *large;
  gsize            len;
  gint64           start;
  gint64           first_screen;   /* the first frame painted with the whole value */
  gint64           painted;        /* the last frame painted */
} Watch;

static void
on_after_paint (GdkFrameClock *clock,
                Watch         *watch)
{
  gint64 now = g_get_monotonic_time ();
  GBytes *text;

  watch->painted = now;
  if (watch->large == NULL || watch->first_screen != 0 || watch->start == 0)
    return;
  text = kh_large_text_view_get_text (watch->large);
  if (text != NULL && g_bytes_get_size (text) == watch->len && !kh_large_text_view_get_loading (watch->large))
    watch->first_screen = now;
}

static void
iterate_until (gboolean (*condition) (gpointer), gpointer data, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out");
      g_main_context_iteration (NULL, TRUE);
    }
}

static gboolean
view_settled (gpointer data)
{
  KhValueView *view = data;

  return kh_value_view_get_state (view) != KH_VALUE_VIEW_LOADING && !kh_value_view_get_loading (view);
}

static gboolean
first_screen_seen (gpointer data)
{
  return ((Watch *) data)->first_screen != 0;
}

static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* Resets VmHWM to the current resident size (Linux 4.0 and later) */
static void
reset_peak_rss (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static char *
make_value (gsize size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  const char *head = "{\"note\": \"a line before the base64\"}\n";
  gsize raw = (size - strlen (head)) / 4 * 3;
  g_autofree guint8 *bytes = g_malloc (raw + 4);
  g_autofree char *base64 = NULL;

  for (gsize i = 0; i < raw; i += 4)
    {
      guint32 word = g_rand_int (rand);

      memcpy (bytes + i, &word, 4);
    }
  base64 = kh_value_encode_base64 (bytes, raw);
  return g_strconcat (head, base64, NULL);
}

static void
run (KhSession *session,
     gsize      size)
{
  g_autofree char *value = make_value (size);
  gsize len = strlen (value);
  g_autoptr(GBytes) key = g_bytes_new_static ("big", 3);
  g_autofree char *len_text = g_format_size (len);
  Stall stall = { 0 };
  Watch watch = { 0 };
  GtkWindow *window;
  KhValueView *view;
  KhValuePane *pane;
  GdkFrameClock *clock;
  gint64 preview_start, preview_ms, loaded, frame[2];
  guint64 rss_before, rss_peak;
  guint tick;

  {
    g_autoptr(KhReply) reply = kh_test_session_run_ok (session, kh_command_new_va ("SET", "big", value, NULL));
  }

  window = GTK_WINDOW (adw_window_new ());
  view = KH_VALUE_VIEW (kh_value_view_new (session));
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (window, 1100, 700);
  gtk_window_present (window);
  settle ();

  preview_start = g_get_monotonic_time ();
  kh_value_view_set_key (view, key);
  iterate_until (view_settled, view, 60);
  preview_ms = (g_get_monotonic_time () - preview_start) / 1000;
  pane = kh_value_view_get_pane (view);
  if (!KH_IS_STRING_VIEW (pane) || !kh_string_view_get_truncated (KH_STRING_VIEW (pane)))
    g_error ("the value did not open as a truncated string");
  watch.large = KH_LARGE_TEXT_VIEW (gtk_widget_get_template_child (GTK_WIDGET (pane), KH_TYPE_STRING_VIEW,
                                                                   "large_view"));
  watch.len = len;
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &watch);
  settle ();

  rss_before = bench_proc_status_bytes ("VmRSS");
  reset_peak_rss ();
  stall.last = g_get_monotonic_time ();
  stall.last_cpu = thread_cpu_us ();
  tick = g_timeout_add (TICK_MS, on_tick, &stall);
  stall.start = watch.start = g_get_monotonic_time ();
  stall.measuring = TRUE;
  if (!gtk_widget_activate_action (GTK_WIDGET (pane), "string.load-all", NULL))
    g_error ("no string.load-all");
  iterate_until (first_screen_seen, &watch, 600);
  iterate_until (view_settled, view, 600);
  loaded = g_get_monotonic_time ();
  stall.measuring = FALSE;
  rss_peak = bench_proc_status_bytes ("VmHWM");

  /* Ctrl+End, as the key binding does it */
  gtk_widget_grab_focus (GTK_WIDGET (watch.large));
  frame[0] = g_get_monotonic_time ();
  {
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (watch.large));
    GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (watch.large));
    g_autoptr(GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (GDK_KEY_End, GDK_CONTROL_MASK);

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
          {
            g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

            if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (watch.large),
                                            gtk_shortcut_get_arguments (shortcut));
          }
      }
    g_object_unref (controllers);
    while (watch.painted <= frame[0])
      g_main_context_iteration (NULL, TRUE);
    frame[1] = watch.painted;
    if (kh_large_text_view_get_cursor (watch.large) != len ||
        gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
          gtk_adjustment_get_upper (adjustment) - 1)
      g_error ("Ctrl+End did not reach the end");
  }
  g_source_remove (tick);

  g_print ("value: %s (%" G_GSIZE_FORMAT " bytes), one line of base64 after a short one\n", len_text, len);
  g_print ("  1 MB preview shown in %" G_GINT64_FORMAT " ms\n", preview_ms);
  g_print ("  Load All: first screen of the whole value after %.0f ms (target <= %d ms): %s\n",
           (watch.first_screen - watch.start) / 1000.0, FIRST_TARGET_MS,
           watch.first_screen - watch.start <= FIRST_TARGET_MS * 1000 ? "met" : "MISSED");
  g_print ("  Load All: fully loaded after %.0f ms\n", (loaded - watch.start) / 1000.0);
  g_print ("  longest main loop stall: %.1f ms, %.0f ms into the load, %u ticks of %d ms (target <= %d ms): %s\n",
           stall.max_late / 1000.0, stall.max_late_at / 1000.0, stall.n_ticks, TICK_MS, STALL_TARGET_MS,
           stall.max_late <= STALL_TARGET_MS * 1000 ? "met" : "MISSED");
  g_print ("  the main thread's own CPU time: %.1f ms in the longest stall; longest stretch between ticks %.1f ms "
           "(the rest of a stall is waiting for a busy machine's cores)\n",
           stall.max_late_cpu / 1000.0, stall.max_cpu / 1000.0);
  g_print ("  peak resident memory added by the load: %.1f MB (%.1f × the value)\n",
           (rss_peak - MIN (rss_before, rss_peak)) / 1e6, (double) (rss_peak - MIN (rss_before, rss_peak)) / len);
  g_print ("  Ctrl+End: cursor at the end, frame painted %.1f ms after the key\n", (frame[1] - frame[0]) / 1000.0);

  gtk_window_destroy (window);
  settle ();
}

int
main (int   argc,
      char *argv[])
{
  KhTestServer *server = NULL;
  g_autoptr(KhSession) session = NULL;
  gsize sizes[16] = { 5300000, 64 * 1024 * 1024 };
  guint n_sizes = 2;

  if (argc > 1)
    for (n_sizes = 0; n_sizes < G_N_ELEMENTS (sizes) && (int) n_sizes + 1 < argc; n_sizes++)
      sizes[n_sizes] = g_ascii_strtoull (argv[n_sizes + 1], NULL, 10);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display; run under xvfb-run -a\n");
      return 77;
    }
  gtk_init ();
  adw_init ();
  if (g_find_program_in_path ("valkey-server") != NULL)
    server = kh_test_server_start (KH_TEST_SERVER_VALKEY, 0);
  else if (g_find_program_in_path ("redis-server") != NULL)
    server = kh_test_server_start (KH_TEST_SERVER_REDIS, 0);
  if (server == NULL)
    {
      g_print ("SKIP: no valkey-server or redis-server\n");
      return 77;
    }
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  for (guint i = 0; i < n_sizes; i++)
    if (sizes[i] > 64)
      run (session, sizes[i]);
  kh_session_close (session);
  kh_test_server_stop (server);
  return 0;
}
