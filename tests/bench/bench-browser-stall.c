/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-browser-stall.c: how long the main loop stalls while the key browser
 * loads a large keyspace
 *
 *   bench-browser-stall [N_KEYS]     (default 1,000,000)
 *
 * Starts a private valkey-server (or redis-server) with DEBUG POPULATE N_KEYS,
 * opens it in a Keyhole window under the display (exit code 77 without one),
 * as a saved profile opens: a tab, "Connecting…", then the session's pages.
 * While the key browser loads every key, a 5 ms timer measures its own
 * lateness: the longest stall of the GTK main loop (target: 20 ms at most).
 * Also prints the load's wall time and, as a reference, the wall time of
 * `valkey-cli --scan --count 1000` on the same server.
 */
#define _GNU_SOURCE  /* RUSAGE_THREAD */
#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "bench-util.h"
#include "kh-key-browser-private.h"
#include "kh-window.h"

#define TICK_MS         5
#define STALL_TARGET_MS 20

typedef struct {
  gint64  last;
  gint64  last_cpu;
  long    last_faults;
  gint64  max_late;
  gint64  max_late_cpu;      /* the main thread's CPU time during that stall */
  gint64  max_cpu_steady;    /* the longest stretch of CPU without a tick, once steady */
  gint64  max_cpu;
  gint64  max_late_steady;  /* once the first rows were drawn */
  gboolean rows_shown;
  gboolean steady;
  gint64  steady_at;
  gint64  max_late_at;   /* since the load started */
  gint64  start;
  guint   n_ticks;
  guint   n_over_target;
  guint   histogram[6];  /* lateness < 5, < 10, < 20, < 50, < 100, >= 100 ms */
  gboolean measuring;
} Stall;

/* CPU time of the calling thread (the main loop's), in µs: on a machine
 * busy with other work, a stall in wall time can be time spent waiting for
 * a core; this tells how much of it was the main loop's own work */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Page faults of the calling thread: each costs ~16 µs in some VMs */
static long
thread_faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return usage.ru_minflt + usage.ru_majflt;
}

/* With KH_DEBUG_BROWSER: main loop iterations (everything between two
 * polls) of more than 8 ms, which a stall is made of */
static gint64 poll_exit;

static gint
timed_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint ret;

  if (poll_exit != 0 && now - poll_exit > 8000)
    {
      g_autoptr(GDateTime) wall = g_date_time_new_now_local ();
      g_autofree char *ended = g_date_time_format (wall, "%H:%M:%S.%f");

      g_printerr ("iteration: %.1f ms, ended %s (monotonic clock %.6f s)\n", (now - poll_exit) / 1000.0,
                  ended, now / 1e6);
    }
  ret = g_poll (fds, n_fds, timeout);
  poll_exit = g_get_monotonic_time ();
  return ret;
}

static gboolean
on_tick (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  gint64 late = now - stall->last - TICK_MS * 1000;
  gint64 cpu_used = cpu - stall->last_cpu;
  long faults = thread_faults ();
  long new_faults = faults - stall->last_faults;

  stall->last = now;
  stall->last_cpu = cpu;
  stall->last_faults = faults;
  if (!stall->measuring)
    return G_SOURCE_CONTINUE;

  late = MAX (late, 0);
  stall->max_cpu = MAX (stall->max_cpu, cpu_used);
  if (stall->steady)
    stall->max_cpu_steady = MAX (stall->max_cpu_steady, cpu_used);
  stall->n_ticks++;
  if (stall->steady)
    stall->max_late_steady = MAX (stall->max_late_steady, late);
  if (late > stall->max_late)
    {
      stall->max_late = late;
      stall->max_late_cpu = cpu_used;
      stall->max_late_at = now - stall->start;
    }
  if (late > STALL_TARGET_MS * 1000)
    stall->n_over_target++;
  /* Printed from half the target, to see what comes near it */
  if (late > STALL_TARGET_MS * 1000 / 2)
    {
      if (g_getenv ("KH_DEBUG_BROWSER") != NULL)
        g_printerr ("stall: %.1f ms at %" G_GINT64_FORMAT " ms: %.1f ms of CPU, %ld page faults "
                    "(monotonic clock %.6f s, for perf -k CLOCK_MONOTONIC)\n",
                    late / 1000.0, (now - stall->start) / 1000, cpu_used / 1000.0, new_faults, now / 1e6);
    }
  stall->histogram[late < 5000 ? 0 : late < 10000 ? 1 : late < 20000 ? 2 : late < 50000 ? 3 : late < 100000 ? 4 : 5]++;
  return G_SOURCE_CONTINUE;
}

/* With KH_DEBUG_BROWSER: how long each frame's layout and paint take */
static gint64 frame_start;

static void
on_before_layout (GdkFrameClock *clock,
                  gpointer       data)
{
  frame_start = g_get_monotonic_time ();
}

/* The first frame that drew rows ends the browser's one-time start: its
 * template, fonts and GtkListView's 200 row widgets */
static void
on_rows_changed (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Stall      *stall)
{
  if (g_list_model_get_n_items (model) > 0)
    stall->rows_shown = TRUE;
}

static void
on_steady_paint (GdkFrameClock *clock,
                 Stall         *stall)
{
  if (stall->rows_shown && !stall->steady)
    {
      stall->steady = TRUE;
      stall->steady_at = g_get_monotonic_time () - stall->start;
    }
}

static void
on_after_paint (GdkFrameClock *clock,
                Stall         *stall)
{
  gint64 took = g_get_monotonic_time () - frame_start;

  if (frame_start != 0 && took > 5000)
    {
      g_autoptr(GDateTime) wall = g_date_time_new_now_local ();
      g_autofree char *ended = g_date_time_format (wall, "%H:%M:%S.%f");

      g_printerr ("frame: layout and paint %.1f ms, ended %s\n", took / 1000.0, ended);
    }
  frame_start = 0;
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_socket_bind (socket, address, TRUE, NULL);
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static char *
cli_run (const char *cli,
         guint16     port,
         const char *args,
         double     *seconds)
{
  g_autofree char *command = g_strdup_printf ("%s -p %u %s", cli, port, args);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_command_line_sync (command, &out, &err, NULL, &error))
    g_error ("%s: %s", command, error->message);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / 1e6;
  return out;
}

typedef struct {
  Stall  *stall;
  KhKeyBrowser *browser;
  gint64  load_start;
  gint64  load_end;
  gint64  cpu_start;    /* the main thread's CPU time */
  gint64  cpu_end;
  gint64  open_stall;   /* how late the timer already was when the load started */
  gboolean started;
  gboolean done;
} Load;

static void
on_loading (KhKeyBrowser *browser,
            GParamSpec   *pspec,
            Load         *load)
{
  if (kh_key_browser_get_loading (browser))
    {
      load->started = TRUE;
      load->load_start = g_get_monotonic_time ();
      load->cpu_start = thread_cpu_us ();
      /* The load starts inside the dispatch that opened the session and made
       * its pages: that much of the stall is told apart, and the timer's
       * lateness counts from here */
      load->open_stall = MAX (load->load_start - load->stall->last - TICK_MS * 1000, 0);
      load->stall->last = load->load_start;
      load->stall->last_cpu = load->cpu_start;
      load->stall->last_faults = thread_faults ();
      load->stall->start = load->load_start;
      load->stall->measuring = TRUE;
    }
  else if (load->started)
    {
      load->load_end = g_get_monotonic_time ();
      load->cpu_end = thread_cpu_us ();
      load->stall->measuring = FALSE;
      load->done = TRUE;
    }
}

static KhKeyBrowser *
find_browser (GtkWidget *widget)
{
  if (KH_IS_KEY_BROWSER (widget))
    return KH_KEY_BROWSER (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KhKeyBrowser *browser = find_browser (child);

      if (browser != NULL)
        return browser;
    }
  return NULL;
}

/* The browser was mapped, and started loading, just before this */
static void
on_session_ready (KhSessionView *view,
                  KhSession     *session,
                  Load          *load)
{
  KhKeyBrowser *browser = find_browser (GTK_WIDGET (view));

  if (browser == NULL)
    g_error ("no key browser in the session's pages");
  load->browser = browser;
  g_signal_connect (browser, "notify::loading", G_CALLBACK (on_loading), load);
  if (kh_key_browser_get_loading (browser))
    on_loading (browser, NULL, load);
}

int
main (int   argc,
      char *argv[])
{
  guint64 n_keys = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  const char *server = g_find_program_in_path ("valkey-server") ? "valkey-server" : "redis-server";
  const char *cli = g_find_program_in_path ("valkey-cli") ? "valkey-cli" : "redis-cli";
  g_autofree char *dir = NULL;
  g_autofree char *port_arg = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(KhProfileStore) store = NULL;
  g_autoptr(KhProfile) profile = NULL;
  KhSessionView *view;
  const char *server_argv[] = { server, "--port", NULL, "--save", "", "--appendonly", "no",
                                "--enable-debug-command", "yes", "--dir", NULL, "--logfile", "server.log", NULL };
  Stall stall = { 0 };
  Load load = { 0 };
  GtkWindow *window;
  guint64 rss_before, rss_peak;
  KhKeyBrowser *browser;
  double reference_s;
  guint64 reference_keys = 0;
  guint16 port;
  GPid pid;
  gint64 deadline;

  if (n_keys == 0)
    n_keys = 1000000;
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display; run under xvfb-run -a\n");
      return 77;
    }
  if (g_find_program_in_path (server) == NULL || g_find_program_in_path (cli) == NULL)
    {
      g_print ("SKIP: no valkey-server or redis-server with its CLI\n");
      return 77;
    }

  gtk_init ();
  adw_init ();

  dir = g_dir_make_tmp ("kh-bench-stall-XXXXXX", NULL);
  port = free_port ();
  port_arg = g_strdup_printf ("%u", port);
  server_argv[2] = port_arg;
  server_argv[10] = dir;
  if (!g_spawn_async (NULL, (char **) server_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_DO_NOT_REAP_CHILD,
                      die_with_parent, NULL, &pid, &error))
    g_error ("%s: %s", server, error->message);
  for (int i = 0, status = 0;; i++)
    {
      g_autofree char *pong = cli_run (cli, port, "PING", NULL);

      if (pong != NULL && g_str_has_prefix (pong, "PONG"))
        break;
      if (i == 500 || waitpid (pid, &status, WNOHANG) == pid)
        {
          g_autofree char *log_path = g_build_filename (dir, "server.log", NULL);
          g_autofree char *log = NULL;

          g_file_get_contents (log_path, &log, NULL, NULL);
          g_error ("%s did not start (status %d):\n%s", server, status, log != NULL ? log : "");
        }
      g_usleep (20000);
    }

  {
    g_autofree char *args = g_strdup_printf ("DEBUG POPULATE %" G_GUINT64_FORMAT " cache:/api/v1/item 8", n_keys);
    g_autofree char *ok = cli_run (cli, port, args, NULL);
  }

  /* The reference: the server's own client, printing every key */
  reference = cli_run (cli, port, "--scan --count 1000", &reference_s);
  for (const char *p = reference; *p != '\0'; p++)
    reference_keys += *p == '\n';


  /* The real window first, so that its own first frames are not counted:
   * fonts, the theme and its icons (the first symbolic icon loads the SVG
   * image loader and its libraries; each new font size and weight is looked
   * up and loaded: tens of milliseconds each). Then the profile opens in a
   * tab, as when the user picks it: "Connecting to…", then the session's
   * pages, where the key browser starts loading when it is mapped */
  store_path = g_build_filename (dir, "profiles.json", NULL);
  store = kh_profile_store_new (store_path);
  window = GTK_WINDOW (kh_window_new_with_store (NULL, store));
  gtk_window_set_default_size (window, 1200, 800);
  gtk_window_present (window);
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  rss_before = bench_proc_status_bytes ("VmRSS");
  profile = kh_profile_new ();
  kh_profile_set_name (profile, "Benchmark");
  kh_profile_set_host (profile, "127.0.0.1");
  kh_profile_set_port (profile, port);
  load.stall = &stall;
  stall.last = g_get_monotonic_time ();
  stall.last_cpu = thread_cpu_us ();
  stall.last_faults = thread_faults ();
  g_timeout_add (TICK_MS, on_tick, &stall);
  if (g_getenv ("KH_DEBUG_BROWSER") != NULL)
    g_main_context_set_poll_func (NULL, timed_poll);
  view = kh_window_open_profile (KH_WINDOW (window), profile);
  g_signal_connect (view, "session-ready", G_CALLBACK (on_session_ready), &load);
  while (load.browser == NULL && g_get_monotonic_time () < deadline + 60 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (load.browser == NULL)
    g_error ("the session did not open: %s", kh_session_view_get_page_name (view));
  browser = load.browser;
  g_signal_connect (kh_key_browser_get_model (browser), "items-changed", G_CALLBACK (on_rows_changed), &stall);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_steady_paint), &stall);
  if (g_getenv ("KH_DEBUG_BROWSER") != NULL)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

      g_signal_connect (clock, "layout", G_CALLBACK (on_before_layout), NULL);
      g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &stall);
    }

  deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
  while (!load.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!load.done)
    g_error ("the load did not finish in 10 minutes");

  g_print ("keys: %" G_GUINT64_FORMAT " populated, %u in the browser, %u rows\n",
           n_keys, kh_key_index_get_n_keys (kh_key_browser_get_index (browser)),
           g_list_model_get_n_items (kh_key_browser_get_model (browser)));
  g_print ("load wall time: %.2f s in the browser (main thread busy %.2f s of it); %s --scan --count 1000: %.2f s (%" G_GUINT64_FORMAT " keys)\n",
           (load.load_end - load.load_start) / 1e6, (load.cpu_end - load.cpu_start) / 1e6,
           cli, reference_s, reference_keys);
  rss_peak = bench_proc_status_bytes ("VmHWM");
  g_print ("peak resident memory: %.1f MB above the window's before the load (%.1f bytes/key; keys of %.1f bytes)\n",
           (rss_peak - MIN (rss_before, rss_peak)) / 1e6, (double) (rss_peak - MIN (rss_before, rss_peak)) / MAX (n_keys, 1),
           (double) kh_key_index_get_total_key_bytes (kh_key_browser_get_index (browser)) / MAX (n_keys, 1));
  g_print ("main loop stall as the session opened and made its pages, up to the load's start: %.1f ms\n",
           load.open_stall / 1000.0);
  g_print ("longest main loop stall: %.1f ms, %.2f s into the load (target <= %d ms): %s\n",
           stall.max_late / 1000.0, stall.max_late_at / 1e6, STALL_TARGET_MS,
           stall.max_late <= STALL_TARGET_MS * 1000 ? "met" : "MISSED");
  g_print ("longest stall once the first rows were drawn (%.2f s into the load): %.1f ms (target <= %d ms): %s\n",
           stall.steady_at / 1e6, stall.max_late_steady / 1000.0, STALL_TARGET_MS,
           stall.max_late_steady <= STALL_TARGET_MS * 1000 ? "met" : "MISSED");
  g_print ("the main loop's own CPU time: %.1f ms in the longest stall; longest stretch without a tick %.1f ms, "
           "%.1f ms once the first rows were drawn (the rest of a stall is waiting for a busy machine's cores)\n",
           stall.max_late_cpu / 1000.0, stall.max_cpu / 1000.0, stall.max_cpu_steady / 1000.0);
  g_print ("%u ticks of %d ms; lateness <5 ms: %u, <10: %u, <20: %u, <50: %u, <100: %u, >=100: %u\n",
           stall.n_ticks, TICK_MS, stall.histogram[0], stall.histogram[1], stall.histogram[2],
           stall.histogram[3], stall.histogram[4], stall.histogram[5]);
  g_print ("longest step moving keys into the index: %.1f ms; longest refresh of the views: %.1f ms\n",
           browser->max_move_us / 1000.0, browser->max_show_us / 1000.0);

  gtk_window_destroy (window);
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf %s", dir);
    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }
  return 0;
}
