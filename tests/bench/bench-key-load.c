/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-key-load.c: load every key of a large keyspace into the index
 *
 *   bench-key-load [N_KEYS] [DELAY_MS]
 *
 * Starts a private valkey-server (or redis-server), fills it with N_KEYS keys
 * (default 1,000,000) with DEBUG POPULATE, then measures side by side:
 *   - `valkey-cli --scan --count 1000` (the reference) and KhKeyScanner,
 *     directly on loopback;
 *   - the same through a proxy that delays each direction by DELAY_MS
 *     (default 20 ms), as a server on another continent would;
 *   - the resident memory the index adds per key.
 */
#include <gio/gio.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "bench-util.h"
#include "kh-key-index.h"
#include "kh-key-scanner.h"
#include "kh-session.h"
#include "kh-test-proxy.h"

/* The server */

static guint16
free_port (void)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_socket_bind (s, any, TRUE, NULL);
  bound = g_socket_get_local_address (s, NULL);
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
run_cli (const char *cli, guint16 port, const char *args, double *seconds)
{
  g_autofree char *command = g_strdup_printf ("%s -p %u %s", cli, port, args);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status;

  if (!g_spawn_command_line_sync (command, &out, NULL, &status, &error))
    g_error ("%s: %s", command, error->message);
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / 1e6;
  return g_steal_pointer (&out);
}

static guint64
count_lines (const char *text)
{
  guint64 n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

/* CPU seconds the server has used (main thread and all) */
static double
server_cpu_s (const char *cli, guint16 port)
{
  g_autofree char *info = run_cli (cli, port, "INFO cpu", NULL);
  const char *user = info != NULL ? strstr (info, "used_cpu_user:") : NULL;
  const char *sys = info != NULL ? strstr (info, "used_cpu_sys:") : NULL;

  if (user == NULL || sys == NULL)
    return 0;
  return g_ascii_strtod (user + strlen ("used_cpu_user:"), NULL) +
         g_ascii_strtod (sys + strlen ("used_cpu_sys:"), NULL);
}

static double
own_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* Keyhole's load */

typedef struct {
  gboolean done;
  GError *error;
} Wait;

static void
on_open (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  kh_session_open_finish (KH_SESSION (object), result, &w->error);
  w->done = TRUE;
}

static void
on_scanned (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  kh_key_scanner_scan_finish (KH_KEY_SCANNER (object), result, &w->error);
  w->done = TRUE;
}

static double
keyhole_load (guint16 port, KhKeyIndex **index_out, guint *batches)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyScanner) scanner = NULL;
  Wait w = { 0 };
  gint64 start = g_get_monotonic_time ();
  double seconds;

  config->host = g_strdup ("127.0.0.1");
  config->port = port;
  session = kh_session_new (config, KH_SESSION_FLAGS_NONE);
  kh_session_open_async (session, NULL, on_open, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  if (w.error != NULL)
    g_error ("open: %s", w.error->message);

  if (g_getenv ("KH_BENCH_VERBOSE"))
    g_printerr ("session open: %.1f ms\n", (g_get_monotonic_time () - start) / 1e3);
  w.done = FALSE;
  scanner = kh_key_scanner_new (session, index);
  kh_key_scanner_scan_async (scanner, NULL, NULL, NULL, on_scanned, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  if (w.error != NULL)
    g_error ("scan: %s", w.error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  *batches = kh_key_scanner_get_n_batches (scanner);
  kh_session_close (session);
  *index_out = g_steal_pointer (&index);
  return seconds;
}

int
main (int argc, char *argv[])
{
  guint64 n_keys = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  guint delay_ms = argc > 2 ? atoi (argv[2]) : 20;
  const char *server = g_find_program_in_path ("valkey-server") ? "valkey-server" : "redis-server";
  const char *cli = g_find_program_in_path ("valkey-cli") ? "valkey-cli" : "redis-cli";
  g_autofree char *port_arg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kh-bench-XXXXXX", NULL);
  GPid pid;
  guint16 port = free_port (), proxy_port;
  double ref_s, kh_s, ref_proxy_s, kh_proxy_s;
  double server_before, client_before, ref_server_cpu, kh_server_cpu, kh_client_cpu;
  guint batches, proxy_batches;
  gsize rss_before, rss_after;
  g_autoptr(KhKeyIndex) index = NULL;
  g_autoptr(KhKeyIndex) proxy_index = NULL;
  g_autofree char *ref_out = NULL;
  g_autofree char *dbsize = NULL;
  const char *server_argv[] = { server, "--port", NULL, "--save", "", "--appendonly", "no",
                                "--enable-debug-command", "yes", "--dir", dir, NULL };

  if (n_keys == 0)
    n_keys = 1000000;
  port_arg = g_strdup_printf ("%u", port);
  server_argv[2] = port_arg;
  if (g_find_program_in_path (server) == NULL)
    {
      g_print ("SKIP: no valkey-server or redis-server\n");
      return 77;
    }
  if (!g_spawn_async (NULL, (char **) server_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      die_with_parent, NULL, &pid, &error))
    g_error ("%s", error->message);
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *pong = run_cli (cli, port, "PING", NULL);
      if (pong != NULL && g_str_has_prefix (pong, "PONG"))
        break;
      g_usleep (20000);
    }

  {
    g_autofree char *args = g_strdup_printf ("DEBUG POPULATE %" G_GUINT64_FORMAT " cache:/api/v1/item 8", n_keys);
    g_autofree char *ok = run_cli (cli, port, args, NULL);
  }
  dbsize = run_cli (cli, port, "DBSIZE", NULL);
  g_print ("server: %s, keys: %s", server, dbsize);

  /* direct, on loopback */
  server_before = server_cpu_s (cli, port);
  ref_out = run_cli (cli, port, "--scan --count 1000", &ref_s);
  ref_server_cpu = server_cpu_s (cli, port) - server_before;
  rss_before = bench_proc_status_bytes ("VmRSS") / 1024;
  server_before = server_cpu_s (cli, port);
  client_before = own_cpu_s ();
  kh_s = keyhole_load (port, &index, &batches);
  kh_client_cpu = own_cpu_s () - client_before;
  kh_server_cpu = server_cpu_s (cli, port) - server_before;
  rss_after = bench_proc_status_bytes ("VmHWM") / 1024;
  g_print ("load %" G_GUINT64_FORMAT " keys, loopback:   %s --scan --count 1000: %.2f s (%" G_GUINT64_FORMAT " keys)   "
           "Keyhole: %.2f s (%u keys, %u SCAN calls)   ratio %.2f (target <= 1.0)\n",
           n_keys, cli, ref_s, count_lines (ref_out), kh_s, kh_key_index_get_n_keys (index), batches, kh_s / ref_s);
  /* Wall time depends on what else the machine runs; CPU time much less */
  g_print ("cpu: server %.2f s under %s, %.2f s under Keyhole; Keyhole's own process %.2f s (%.2f us/key)\n",
           ref_server_cpu, cli, kh_server_cpu, kh_client_cpu, kh_client_cpu * 1e6 / n_keys);
  g_print ("index memory: %.1f bytes/key beyond the key bytes (%.1f MB of keys, %.1f MB index); "
           "peak RSS grew %.1f MB (%.1f bytes/key in all)\n",
           (double) (kh_key_index_get_memory_usage (index) - kh_key_index_get_total_key_bytes (index)) / n_keys,
           kh_key_index_get_total_key_bytes (index) / 1e6, kh_key_index_get_memory_usage (index) / 1e6,
           (rss_after - MIN (rss_before, rss_after)) / 1024.0,
           (rss_after - MIN (rss_before, rss_after)) * 1024.0 / n_keys);
  g_clear_pointer (&ref_out, g_free);

  /* through a proxy that delays each direction */
  if (delay_ms > 0)
    {
      proxy_port = kh_test_delay_proxy_start (port, delay_ms * 1000);
      ref_out = run_cli (cli, proxy_port, "--scan --count 1000", &ref_proxy_s);
      kh_proxy_s = keyhole_load (proxy_port, &proxy_index, &proxy_batches);
      g_print ("load %" G_GUINT64_FORMAT " keys, +%u ms each way:   %s --scan --count 1000: %.2f s   "
               "Keyhole: %.2f s (%u keys, %u SCAN calls)   (target <= 5 s)\n",
               n_keys, delay_ms, cli, ref_proxy_s, kh_proxy_s, kh_key_index_get_n_keys (proxy_index),
               proxy_batches);
    }

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf %s", dir);
    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }
  return 0;
}
