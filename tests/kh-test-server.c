/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-server.c: real redis-server and valkey-server processes on loopback
 *
 * Only GLib/GIO here: the harness must not depend on the code it tests.
 */
#include "kh-test-server.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#define READY_TIMEOUT_US     (10 * G_USEC_PER_SEC)
#define STOP_TIMEOUT_US      (5 * G_USEC_PER_SEC)
#define POLL_INTERVAL_US     (10 * 1000)
#define START_ATTEMPTS       5
#define CERT_VALIDITY_DAYS   "3"
/* sun_path is 108 bytes on Linux and 104 on macOS */
#define MAX_UNIX_PATH        100

typedef struct {
  KhTestTls public;
  char *dir;
  char *server_cert;
  char *server_key;
  char *wrong_host_cert;
  char *wrong_host_key;
  char *unknown_ca_cert;
  char *unknown_ca_key;
} TlsMaterial;

G_LOCK_DEFINE_STATIC (harness);
static GPtrArray *live_servers;   /* KhTestServer *, not owned */
static TlsMaterial *tls_material;
static gboolean tls_failed;
static gboolean atexit_registered;
static pid_t owner_pid;           /* forked children must not clean up for us */

gboolean
kh_test_servers_required (void)
{
  return g_strcmp0 (g_getenv ("KH_TEST_REQUIRE_SERVERS"), "1") == 0;
}

/* Skips locally, fails in CI, where every dependency must be present. */
static void
report_missing (const char *what)
{
  if (kh_test_servers_required ())
    {
      g_test_fail_printf ("%s not found, and KH_TEST_REQUIRE_SERVERS=1 requires it", what);
    }
  else
    {
      g_autofree char *reason = g_strdup_printf ("%s not found", what);
      g_test_skip (reason);
    }
}

static char *
find_program (const char *name)
{
  char *path = g_find_program_in_path (name);
  if (path == NULL)
    {
      g_autofree char *in_usr_bin = g_build_filename ("/usr/bin", name, NULL);
      if (g_file_test (in_usr_bin, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&in_usr_bin);
    }
  return path;
}

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* A directory whose Unix socket path fits in sun_path even with a long TMPDIR. */
static char *
make_private_dir (const char *template, GError **error)
{
  char *dir = g_dir_make_tmp (template, error);

  if (dir != NULL && strlen (dir) + sizeof "/server.sock" > MAX_UNIX_PATH)
    {
      g_autofree char *in_tmp = g_build_filename ("/tmp", template, NULL);
      remove_tree (dir);
      g_free (dir);
      dir = g_mkdtemp_full (in_tmp, 0700) ? g_steal_pointer (&in_tmp) : NULL;
      if (dir == NULL)
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                     "Could not create a directory in /tmp: %s", g_strerror (errno));
    }
  return dir;
}

static char *
read_file_or_empty (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

/* ------------------------------------------------------------------------ */
/* Process lifetime                                                         */

static gboolean
reap_with_timeout (GPid pid, gint64 timeout_us)
{
  gint64 deadline = g_get_monotonic_time () + timeout_us;

  for (;;)
    {
      int status;
      pid_t r = waitpid (pid, &status, WNOHANG);

      if (r == pid || (r < 0 && errno == ECHILD))
        return TRUE;
      if (r < 0 && errno != EINTR)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (POLL_INTERVAL_US);
    }
}

static void
kill_and_reap (GPid pid)
{
  int status;

  kill (pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
}

static void
cleanup_at_exit (void)
{
  if (getpid () != owner_pid)
    return;

  G_LOCK (harness);
  if (live_servers != NULL)
    {
      for (guint i = 0; i < live_servers->len; i++)
        {
          KhTestServer *server = g_ptr_array_index (live_servers, i);
          if (server->pid > 0)
            kill_and_reap (server->pid);
          server->pid = 0;
          remove_tree (server->dir);
        }
      g_ptr_array_set_size (live_servers, 0);
    }
  if (tls_material != NULL)
    remove_tree (tls_material->dir);
  G_UNLOCK (harness);
}

/* Files the harness creates, for cleanup where listing a directory is unsafe. */
static const char * const server_files[] = {
  "server.conf", "server.log", "stdout.log", "server.sock", "dump.rdb", NULL
};
static const char * const tls_files[] = {
  "openssl.cnf",
  "ca.crt", "ca.key", "other-ca.crt", "other-ca.key",
  "server.crt", "server.key", "server.csr",
  "wrong-host.crt", "wrong-host.key", "wrong-host.csr",
  "unknown-ca.crt", "unknown-ca.key", "unknown-ca.csr",
  "client.crt", "client.key", "client.csr",
  NULL
};

static struct sigaction previous_abort_action;

/* Async-signal-safe: unlinks known files in @dir, then the directory. */
static void
remove_known_files (const char *dir, const char * const *names)
{
  char path[4096];
  size_t dir_len = strlen (dir);

  if (dir_len + 2 >= sizeof path)
    return;
  memcpy (path, dir, dir_len);
  path[dir_len] = '/';
  for (guint i = 0; names[i] != NULL; i++)
    {
      size_t name_len = strlen (names[i]);
      if (dir_len + 1 + name_len + 1 > sizeof path)
        continue;
      memcpy (path + dir_len + 1, names[i], name_len + 1);
      unlink (path);
    }
  rmdir (dir);
}

/* A failed g_assert() aborts, which skips atexit(): kill the servers and
 * remove their directories here, then let the abort proceed. */
static void
on_abort (int signum)
{
  if (getpid () == owner_pid)
    {
      if (live_servers != NULL)
        for (guint i = 0; i < live_servers->len; i++)
          {
            KhTestServer *server = live_servers->pdata[i];
            if (server->pid > 0)
              kill (server->pid, SIGKILL);
            remove_known_files (server->dir, server_files);
          }
      if (tls_material != NULL)
        remove_known_files (tls_material->dir, tls_files);
    }

  sigaction (SIGABRT, &previous_abort_action, NULL);
  raise (signum);
}

static void
ensure_atexit (void)
{
  G_LOCK (harness);
  if (!atexit_registered)
    {
      struct sigaction action = { 0 };

      owner_pid = getpid ();
      live_servers = g_ptr_array_sized_new (8);
      atexit (cleanup_at_exit);

      action.sa_handler = on_abort;
      sigemptyset (&action.sa_mask);
      action.sa_flags = SA_RESETHAND;
      sigaction (SIGABRT, &action, &previous_abort_action);
      atexit_registered = TRUE;
    }
  G_UNLOCK (harness);
}

static void
track_server (KhTestServer *server)
{
  G_LOCK (harness);
  g_ptr_array_add (live_servers, server);
  G_UNLOCK (harness);
}

static void
untrack_server (KhTestServer *server)
{
  G_LOCK (harness);
  g_ptr_array_remove_fast (live_servers, server);
  G_UNLOCK (harness);
}

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  pid_t parent = (pid_t) GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* The parent may have died before prctl() took effect. */
  if (getppid () != parent)
    _exit (1);
#endif
}

/* ------------------------------------------------------------------------ */
/* Free ports                                                               */

static guint16
find_free_port (void)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!g_socket_bind (sock, address, FALSE, &error))
    g_error ("Could not bind a loopback socket to find a free port: %s", error->message);

  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* ------------------------------------------------------------------------ */
/* TLS material                                                             */

static gboolean
run_openssl (const char   *openssl,
             const char   *dir,
             GError      **error,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err_out = NULL;
  const char *arg;
  va_list args;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) openssl);
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err_out, &status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree char *command = g_strjoinv (" ", (char **) argv->pdata);
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "'%s' failed: %s", command, err_out ? err_out : "");
      return FALSE;
    }
  return TRUE;
}

static const char openssl_config[] =
  "[req]\n"
  "distinguished_name = dn\n"
  "prompt = no\n"
  "[dn]\n"
  "CN = unused\n"
  "[ca]\n"
  "basicConstraints = critical,CA:TRUE\n"
  "keyUsage = critical,keyCertSign,cRLSign\n"
  "subjectKeyIdentifier = hash\n"
  "[server_localhost]\n"
  "basicConstraints = critical,CA:FALSE\n"
  "keyUsage = critical,digitalSignature\n"
  "extendedKeyUsage = serverAuth\n"
  "subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid\n"
  "[server_wrong_host]\n"
  "basicConstraints = critical,CA:FALSE\n"
  "keyUsage = critical,digitalSignature\n"
  "extendedKeyUsage = serverAuth\n"
  "subjectAltName = DNS:wrong.example\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid\n"
  "[client]\n"
  "basicConstraints = critical,CA:FALSE\n"
  "keyUsage = critical,digitalSignature\n"
  "extendedKeyUsage = clientAuth\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid\n";

static gboolean
make_key (const char *openssl, const char *dir, const char *key, GError **error)
{
  return run_openssl (openssl, dir, error,
                      "genpkey", "-algorithm", "EC",
                      "-pkeyopt", "ec_paramgen_curve:P-256",
                      "-out", key, NULL);
}

static gboolean
make_ca (const char *openssl, const char *dir, const char *name,
         const char *subject, GError **error)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *cert = g_strconcat (name, ".crt", NULL);

  return make_key (openssl, dir, key, error) &&
         run_openssl (openssl, dir, error,
                      "req", "-new", "-x509", "-config", "openssl.cnf",
                      "-extensions", "ca", "-key", key, "-out", cert,
                      "-days", CERT_VALIDITY_DAYS, "-subj", subject, NULL);
}

static gboolean
make_leaf (const char *openssl, const char *dir, const char *name,
           const char *subject, const char *extensions, const char *ca,
           GError **error)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  g_autofree char *cert = g_strconcat (name, ".crt", NULL);
  g_autofree char *ca_cert = g_strconcat (ca, ".crt", NULL);
  g_autofree char *ca_key = g_strconcat (ca, ".key", NULL);
  /* Distinct serials: clients may cache or reject duplicates per issuer. */
  g_autofree char *serial = g_strdup_printf ("0x%08x%08x", g_random_int (), g_random_int ());

  return make_key (openssl, dir, key, error) &&
         run_openssl (openssl, dir, error,
                      "req", "-new", "-config", "openssl.cnf",
                      "-key", key, "-out", csr, "-subj", subject, NULL) &&
         run_openssl (openssl, dir, error,
                      "x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key,
                      "-set_serial", serial, "-days", CERT_VALIDITY_DAYS,
                      "-extfile", "openssl.cnf", "-extensions", extensions,
                      "-out", cert, NULL);
}

static TlsMaterial *
generate_tls_material (const char *openssl, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  TlsMaterial *tls;

  dir = make_private_dir ("kh-test-tls-XXXXXX", error);
  if (dir == NULL)
    return NULL;

  config = g_build_filename (dir, "openssl.cnf", NULL);
  if (!g_file_set_contents (config, openssl_config, -1, error) ||
      !make_ca (openssl, dir, "ca", "/CN=Keyhole Test CA", error) ||
      !make_ca (openssl, dir, "other-ca", "/CN=Keyhole Unrelated CA", error) ||
      !make_leaf (openssl, dir, "server", "/CN=localhost", "server_localhost", "ca", error) ||
      !make_leaf (openssl, dir, "wrong-host", "/CN=wrong.example", "server_wrong_host", "ca", error) ||
      !make_leaf (openssl, dir, "unknown-ca", "/CN=localhost", "server_localhost", "other-ca", error) ||
      !make_leaf (openssl, dir, "client", "/CN=keyhole-test-client", "client", "ca", error))
    {
      remove_tree (dir);
      return NULL;
    }

  tls = g_new0 (TlsMaterial, 1);
  tls->public.ca_file = g_build_filename (dir, "ca.crt", NULL);
  tls->public.client_cert = g_build_filename (dir, "client.crt", NULL);
  tls->public.client_key = g_build_filename (dir, "client.key", NULL);
  tls->public.other_ca_file = g_build_filename (dir, "other-ca.crt", NULL);
  tls->server_cert = g_build_filename (dir, "server.crt", NULL);
  tls->server_key = g_build_filename (dir, "server.key", NULL);
  tls->wrong_host_cert = g_build_filename (dir, "wrong-host.crt", NULL);
  tls->wrong_host_key = g_build_filename (dir, "wrong-host.key", NULL);
  tls->unknown_ca_cert = g_build_filename (dir, "unknown-ca.crt", NULL);
  tls->unknown_ca_key = g_build_filename (dir, "unknown-ca.key", NULL);
  tls->dir = g_steal_pointer (&dir);
  return tls;
}

static const TlsMaterial *
tls_material_get (void)
{
  g_autofree char *openssl = NULL;
  g_autoptr(GError) error = NULL;
  TlsMaterial *tls;

  ensure_atexit ();

  G_LOCK (harness);
  tls = tls_material;
  G_UNLOCK (harness);
  if (tls != NULL)
    return tls;

  openssl = find_program ("openssl");
  if (openssl == NULL)
    {
      report_missing ("openssl");
      return NULL;
    }

  if (tls_failed)
    {
      g_test_fail_printf ("Test TLS material could not be generated (see an earlier test)");
      return NULL;
    }

  tls = generate_tls_material (openssl, &error);
  if (tls == NULL)
    {
      tls_failed = TRUE;
      g_test_fail_printf ("Could not generate test TLS material: %s", error->message);
      return NULL;
    }

  G_LOCK (harness);
  tls_material = tls;
  G_UNLOCK (harness);
  return tls;
}

const KhTestTls *
kh_test_tls_get (void)
{
  const TlsMaterial *tls = tls_material_get ();

  return tls ? &tls->public : NULL;
}

/* ------------------------------------------------------------------------ */
/* Server configuration                                                     */

/* Double-quoted for redis.conf (sdssplitargs): backslash and quote escaped. */
static void
append_quoted (GString *out, const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_directive (GString *out, const char *name, const char *value)
{
  g_string_append_printf (out, "%s ", name);
  append_quoted (out, value);
  g_string_append_c (out, '\n');
}

static char *
build_config (KhTestServer *server, const TlsMaterial *tls)
{
  GString *out = g_string_new ("# Generated by the Keyhole test harness\n");
  g_autofree char *log_path = g_build_filename (server->dir, "server.log", NULL);
  g_autofree char *port = g_strdup_printf ("%u", server->port);

  /* ::1 too when the host has IPv6 on loopback; "-" makes it optional. */
  g_string_append (out, "bind 127.0.0.1 -::1\n");
  append_directive (out, "port", port);
  append_directive (out, "unixsocket", server->unix_path);
  g_string_append (out, "unixsocketperm 700\n");
  append_directive (out, "dir", server->dir);
  append_directive (out, "logfile", log_path);
  g_string_append (out,
                   "loglevel notice\n"
                   "save \"\"\n"
                   "appendonly no\n"
                   "daemonize no\n"
                   "databases 16\n");

  if (server->flags & KH_TEST_SERVER_PASSWORD)
    append_directive (out, "requirepass", KH_TEST_PASSWORD);

  if (server->flags & KH_TEST_SERVER_ACL)
    {
      g_string_append (out,
                       "user " KH_TEST_ACL_USER " on >" KH_TEST_ACL_PASSWORD
                       " ~* &* +@all\n");
      /* Reads, connection housekeeping and the commands an inspector needs. */
      g_string_append (out,
                       "user " KH_TEST_ACL_READER " on >" KH_TEST_ACL_READER_PASSWORD
                       " ~* &* -@all +@read +@connection -@write -@admin"
                       " +info +ping +select +scan +type +ttl +pttl +dbsize +memory|usage"
                       " +hello +auth +command +client|setname +client|getname"
                       " +client|id +client|info\n");
    }

  if (server->tls_port != 0)
    {
      g_autofree char *tls_port = g_strdup_printf ("%u", server->tls_port);
      const char *cert = tls->server_cert;
      const char *key = tls->server_key;

      if (server->flags & KH_TEST_SERVER_TLS_WRONG_HOST)
        {
          cert = tls->wrong_host_cert;
          key = tls->wrong_host_key;
        }
      else if (server->flags & KH_TEST_SERVER_TLS_UNKNOWN_CA)
        {
          cert = tls->unknown_ca_cert;
          key = tls->unknown_ca_key;
        }

      append_directive (out, "tls-port", tls_port);
      append_directive (out, "tls-cert-file", cert);
      append_directive (out, "tls-key-file", key);
      append_directive (out, "tls-ca-cert-file", tls->public.ca_file);
      append_directive (out, "tls-auth-clients",
                        (server->flags & KH_TEST_SERVER_TLS_CLIENT_AUTH) ? "yes" : "no");
    }

  return g_string_free (out, FALSE);
}

static char *
config_path (KhTestServer *server)
{
  return g_build_filename (server->dir, "server.conf", NULL);
}

static char *
server_logs (KhTestServer *server)
{
  g_autofree char *log_path = g_build_filename (server->dir, "server.log", NULL);
  g_autofree char *out_path = g_build_filename (server->dir, "stdout.log", NULL);
  g_autofree char *log = read_file_or_empty (log_path);
  g_autofree char *out = read_file_or_empty (out_path);

  return g_strdup_printf ("--- server.log ---\n%s\n--- stdout/stderr ---\n%s", log, out);
}

/* ------------------------------------------------------------------------ */
/* Spawning and readiness                                                   */

static gboolean
spawn_server (KhTestServer *server, GError **error)
{
  g_autofree char *config = config_path (server);
  g_autofree char *out_path = g_build_filename (server->dir, "stdout.log", NULL);
  const char *argv[] = { server->binary, config, NULL };
  gboolean ok;
  int out_fd;

  /* Config errors go to stderr before the log file is opened. */
  out_fd = g_open (out_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out_fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Could not open %s: %s", out_path, g_strerror (errno));
      return FALSE;
    }

  ok = g_spawn_async_with_fds (server->dir, (char **) argv, NULL,
                               G_SPAWN_DO_NOT_REAP_CHILD,
                               child_setup, GINT_TO_POINTER (getpid ()),
                               &server->pid, -1, out_fd, out_fd, error);
  close (out_fd);
  return ok;
}

typedef enum {
  PROBE_NO_ANSWER,
  PROBE_READY,
  PROBE_UNEXPECTED,
} ProbeResult;

static ProbeResult
probe_unix_socket (const char *path, char **answer_out)
{
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  char buffer[128];
  gssize n;

  sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_DEFAULT, NULL);
  if (sock == NULL)
    return PROBE_NO_ANSWER;
  g_socket_set_timeout (sock, 1);

  address = g_unix_socket_address_new (path);
  if (!g_socket_connect (sock, address, NULL, NULL))
    return PROBE_NO_ANSWER;
  if (g_socket_send (sock, "PING\r\n", 6, NULL, NULL) != 6)
    return PROBE_NO_ANSWER;

  n = g_socket_receive (sock, buffer, sizeof buffer - 1, NULL, NULL);
  if (n <= 0)
    return PROBE_NO_ANSWER;
  buffer[n] = '\0';

  if (g_str_has_prefix (buffer, "+PONG") || g_str_has_prefix (buffer, "-NOAUTH"))
    return PROBE_READY;
  /* Still loading: not an error, keep polling. */
  if (g_str_has_prefix (buffer, "-LOADING"))
    return PROBE_NO_ANSWER;

  if (answer_out != NULL)
    *answer_out = g_strchomp (g_strdup (buffer));
  return PROBE_UNEXPECTED;
}

typedef enum {
  WAIT_READY,
  WAIT_EXITED,
  WAIT_TIMEOUT,
  WAIT_BAD_ANSWER,
} WaitResult;

static WaitResult
wait_until_ready (KhTestServer *server, char **detail)
{
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_US;

  for (;;)
    {
      int status;
      pid_t r;

      switch (probe_unix_socket (server->unix_path, detail))
        {
        case PROBE_READY:
          return WAIT_READY;
        case PROBE_UNEXPECTED:
          return WAIT_BAD_ANSWER;
        case PROBE_NO_ANSWER:
        default:
          break;
        }

      r = waitpid (server->pid, &status, WNOHANG);
      if (r == server->pid)
        {
          server->pid = 0;
          return WAIT_EXITED;
        }

      if (g_get_monotonic_time () >= deadline)
        return WAIT_TIMEOUT;
      g_usleep (POLL_INTERVAL_US);
    }
}

static gboolean
log_says_port_taken (KhTestServer *server)
{
  g_autofree char *logs = server_logs (server);

  return strstr (logs, "Address already in use") != NULL;
}

static void
truncate_logs (KhTestServer *server)
{
  g_autofree char *log_path = g_build_filename (server->dir, "server.log", NULL);
  g_autofree char *out_path = g_build_filename (server->dir, "stdout.log", NULL);

  g_unlink (log_path);
  g_unlink (out_path);
}

static gboolean
write_config (KhTestServer *server, const TlsMaterial *tls, GError **error)
{
  g_autofree char *path = config_path (server);
  g_autofree char *config = build_config (server, tls);

  return g_file_set_contents_full (path, config, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

/* Starts the process described by @server and waits for it; on failure
 * the test is failed with the server's logs. When @choose_ports is set,
 * a port clash picks new ports and tries again. */
static gboolean
launch (KhTestServer *server, const TlsMaterial *tls, gboolean choose_ports)
{
  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *logs = NULL;
      WaitResult result;

      if (choose_ports)
        {
          server->port = find_free_port ();
          if (tls != NULL)
            do
              server->tls_port = find_free_port ();
            while (server->tls_port == server->port);
          if (!write_config (server, tls, &error))
            {
              g_test_fail_printf ("Could not write the %s config: %s",
                                  kh_test_server_kind_name (server->kind), error->message);
              return FALSE;
            }
        }

      truncate_logs (server);
      if (!spawn_server (server, &error))
        {
          g_test_fail_printf ("Could not start %s: %s", server->binary, error->message);
          return FALSE;
        }

      result = wait_until_ready (server, &detail);
      if (result == WAIT_READY)
        return TRUE;

      if (result == WAIT_EXITED && choose_ports &&
          attempt < START_ATTEMPTS && log_says_port_taken (server))
        {
          g_test_message ("Port %u or %u was taken, retrying with other ports",
                          server->port, server->tls_port);
          continue;
        }

      if (server->pid > 0)
        {
          kill_and_reap (server->pid);
          server->pid = 0;
        }

      logs = server_logs (server);
      switch (result)
        {
        case WAIT_EXITED:
          g_test_fail_printf ("%s exited before answering PING\n%s", server->binary, logs);
          break;
        case WAIT_BAD_ANSWER:
          g_test_fail_printf ("%s answered PING with '%s'\n%s", server->binary, detail, logs);
          break;
        case WAIT_TIMEOUT:
        case WAIT_READY:
        default:
          g_test_fail_printf ("%s did not answer PING on %s within 10 s\n%s",
                              server->binary, server->unix_path, logs);
          break;
        }
      return FALSE;
    }
}

static void
server_free (KhTestServer *server)
{
  remove_tree (server->dir);
  g_free (server->binary);
  g_free (server->dir);
  g_free (server->unix_path);
  g_free (server);
}

const char *
kh_test_server_kind_name (KhTestServerKind kind)
{
  switch (kind)
    {
    case KH_TEST_SERVER_REDIS:
      return "redis";
    case KH_TEST_SERVER_VALKEY:
      return "valkey";
    default:
      g_return_val_if_reached ("unknown");
    }
}

#define ANY_TLS_FLAG (KH_TEST_SERVER_TLS | KH_TEST_SERVER_TLS_WRONG_HOST | \
                      KH_TEST_SERVER_TLS_UNKNOWN_CA | KH_TEST_SERVER_TLS_CLIENT_AUTH)

KhTestServer *
kh_test_server_start (KhTestServerKind  kind,
                      KhTestServerFlags flags)
{
  g_autofree char *program = g_strdup_printf ("%s-server", kh_test_server_kind_name (kind));
  g_autofree char *binary = NULL;
  g_autofree char *dir_template = NULL;
  g_autoptr(GError) error = NULL;
  const TlsMaterial *tls = NULL;
  KhTestServer *server;

  ensure_atexit ();

  binary = find_program (program);
  if (binary == NULL)
    {
      report_missing (program);
      return NULL;
    }

  if (flags & ANY_TLS_FLAG)
    {
      tls = tls_material_get ();
      if (tls == NULL)
        return NULL;
    }

  server = g_new0 (KhTestServer, 1);
  server->kind = kind;
  server->flags = flags;
  server->binary = g_steal_pointer (&binary);

  dir_template = g_strdup_printf ("kh-test-%s-XXXXXX", kh_test_server_kind_name (kind));
  server->dir = make_private_dir (dir_template, &error);
  if (server->dir == NULL)
    {
      g_test_fail_printf ("Could not create a temporary directory: %s", error->message);
      server_free (server);
      return NULL;
    }
  server->unix_path = g_build_filename (server->dir, "server.sock", NULL);

  track_server (server);
  if (!launch (server, tls, TRUE))
    {
      untrack_server (server);
      server_free (server);
      return NULL;
    }

  return server;
}

void
kh_test_server_stop (KhTestServer *server)
{
  if (server == NULL)
    return;

  if (server->pid > 0)
    {
      kill (server->pid, SIGTERM);
      /* A paused server would keep SIGTERM pending forever. */
      kill (server->pid, SIGCONT);
      if (!reap_with_timeout (server->pid, STOP_TIMEOUT_US))
        {
          g_test_message ("%s did not stop within 5 s after SIGTERM; killing it",
                          server->binary);
          kill_and_reap (server->pid);
        }
      server->pid = 0;
    }

  untrack_server (server);
  server_free (server);
}

void
kh_test_server_pause (KhTestServer *server)
{
  g_return_if_fail (server != NULL);
  g_return_if_fail (server->pid > 0);

  kill (server->pid, SIGSTOP);
}

void
kh_test_server_resume (KhTestServer *server)
{
  g_return_if_fail (server != NULL);
  g_return_if_fail (server->pid > 0);

  kill (server->pid, SIGCONT);
}

void
kh_test_server_kill (KhTestServer *server)
{
  g_return_if_fail (server != NULL);

  if (server->pid > 0)
    kill_and_reap (server->pid);
  server->pid = 0;
}

void
kh_test_server_restart (KhTestServer *server)
{
  g_return_if_fail (server != NULL);

  if (server->pid > 0)
    {
      /* Running, or exited on its own (SHUTDOWN): make sure it is gone. */
      kill (server->pid, SIGTERM);
      kill (server->pid, SIGCONT);
      if (!reap_with_timeout (server->pid, STOP_TIMEOUT_US))
        kill_and_reap (server->pid);
      server->pid = 0;
    }

  launch (server, NULL, FALSE);
}

/* ------------------------------------------------------------------------ */
/* CLI                                                                      */

static char *
find_cli (KhTestServerKind kind)
{
  const char *first = kind == KH_TEST_SERVER_VALKEY ? "valkey-cli" : "redis-cli";
  const char *second = kind == KH_TEST_SERVER_VALKEY ? "redis-cli" : "valkey-cli";
  char *path = find_program (first);

  return path ? path : find_program (second);
}

char *
kh_test_server_cli (KhTestServer *server,
                    const char   *first_arg,
                    ...)
{
  g_autofree char *cli = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;
  int status = 0;
  gsize len;

  g_return_val_if_fail (server != NULL, NULL);

  cli = find_cli (server->kind);
  if (cli == NULL)
    {
      report_missing ("redis-cli or valkey-cli");
      return NULL;
    }

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (gpointer) "-s");
  g_ptr_array_add (argv, server->unix_path);
  if (server->flags & KH_TEST_SERVER_PASSWORD)
    {
      g_ptr_array_add (argv, (gpointer) "-a");
      g_ptr_array_add (argv, (gpointer) KH_TEST_PASSWORD);
      g_ptr_array_add (argv, (gpointer) "--no-auth-warning");
    }
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  /* The caller's environment must not authenticate behind our back. */
  envp = g_get_environ ();
  envp = g_environ_unsetenv (envp, "REDISCLI_AUTH");
  envp = g_environ_unsetenv (envp, "VALKEYCLI_AUTH");

  if (!g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                     NULL, NULL, &out, &err, &status, &error))
    {
      g_test_message ("Could not run %s: %s", cli, error->message);
      return NULL;
    }

  if (!g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("%s %s failed (%s): %s%s", cli, first_arg ? first_arg : "",
                      error->message, out ? out : "", err ? err : "");
      return NULL;
    }

  len = strlen (out);
  if (len > 0 && out[len - 1] == '\n')
    out[len - 1] = '\0';
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------------ */
/* Test registration and waiting                                            */

guint
kh_test_server_count_clients (KhTestServer *server,
                              const char   *name)
{
  g_autofree char *list = kh_test_server_cli (server, "CLIENT", "LIST", NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *needle = name != NULL ? g_strdup_printf (" name=%s ", name) : NULL;
  guint n = 0;

  g_assert_nonnull (list);
  lines = g_strsplit (list, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      if (needle == NULL || strstr (lines[i], needle) != NULL)
        n++;
    }
  return n;
}

gboolean
kh_test_server_wait_for_clients (KhTestServer *server,
                                 guint         expected)
{
  for (guint i = 0; i < 100; i++)
    {
      if (kh_test_server_count_clients (server, NULL) == expected)
        return TRUE;
      g_usleep (20000);
    }
  return FALSE;
}

void
kh_test_add_for_each_server (const char *path_prefix,
                             const char *name,
                             void      (*func) (gconstpointer kind))
{
  static const KhTestServerKind kinds[] = { KH_TEST_SERVER_REDIS, KH_TEST_SERVER_VALKEY };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s/%s", path_prefix,
                                               kh_test_server_kind_name (kinds[i]), name);
      g_test_add_data_func (path, GINT_TO_POINTER (kinds[i]), func);
    }
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
kh_test_skip_without_display (void)
{
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    return FALSE;
  if (kh_test_servers_required ())
    g_test_fail_printf ("No display, and KH_TEST_REQUIRE_SERVERS=1 requires one: run under xvfb-run");
  else
    g_test_skip ("no display: run under xvfb-run");
  return TRUE;
}

gboolean
kh_test_skip_without_server_binary (void)
{
  g_autofree char *valkey = g_find_program_in_path ("valkey-server");
  g_autofree char *redis = g_find_program_in_path ("redis-server");

  if (valkey != NULL || redis != NULL)
    return FALSE;
  if (kh_test_servers_required ())
    g_test_fail_printf ("Neither valkey-server nor redis-server is installed, and KH_TEST_REQUIRE_SERVERS=1 requires one");
  else
    g_test_skip ("Neither valkey-server nor redis-server is installed");
  return TRUE;
}

void
kh_test_wait_until (gboolean *done,
                    guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source_id;

  g_return_if_fail (done != NULL);

  source_id = g_timeout_add (timeout_ms, on_wait_timeout, &timed_out);
  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source_id);

  if (!*done)
    {
      g_autofree char *message = g_strdup_printf ("condition not reached within %u ms",
                                                  timeout_ms);
      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }
}
