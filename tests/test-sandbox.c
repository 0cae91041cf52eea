/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sandbox.c: the private demo server */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kh-error.h"
#include "kh-sandbox.h"
#include "kh-test-util.h"

static char *runtime_dir;

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
  guint calls;
} Result;

static void
on_started (GObject *object, GAsyncResult *res, gpointer data)
{
  Result *r = data;

  r->ok = kh_sandbox_start_finish (KH_SANDBOX (object), res, &r->error);
  r->calls++;
  r->done = TRUE;
}

static KhConnection *
connect_sandbox (KhSandbox *sandbox)
{
  g_autoptr(KhConnectionConfig) config = kh_sandbox_get_connection_config (sandbox);
  g_autoptr(GError) error = NULL;
  KhConnection *conn;

  g_assert_nonnull (config);
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conn);
  return conn;
}

#define RUN_OK(conn, ...) kh_test_connection_run_ok (conn, kh_command_new_va (__VA_ARGS__, NULL))

static gint64
run_int (KhConnection *conn,
         KhCommand    *command)
{
  g_autoptr(KhReply) reply = kh_test_connection_run_ok (conn, command);

  g_assert_cmpint (reply->kind, ==, KH_REPLY_INTEGER);
  return reply->integer;
}

#define RUN_INT(conn, ...) run_int (conn, kh_command_new_va (__VA_ARGS__, NULL))

static void
assert_type (KhConnection *conn,
             const char   *key,
             const char   *type)
{
  g_autoptr(KhReply) reply = RUN_OK (conn, "TYPE", key);

  g_assert_cmpint (reply->kind, ==, KH_REPLY_STATUS);
  if (g_strcmp0 (reply->str, type) != 0)
    g_error ("%s is a %s, not a %s", key, reply->str, type);
}

static void
start_sandbox (KhSandbox *sandbox)
{
  Result r = { 0 };

  kh_sandbox_start_async (sandbox, NULL, on_started, &r);
  kh_test_wait_until (&r.done, 12000);
  g_assert_cmpuint (r.calls, ==, 1);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
}

static void
on_progress (GObject *object, GParamSpec *pspec, gpointer data)
{
  GArray *values = data;
  double progress = kh_sandbox_get_progress (KH_SANDBOX (object));

  g_array_append_val (values, progress);
}

static void
test_start (void)
{
  g_autoptr(KhSandbox) sandbox = NULL;
  g_autoptr(KhSandbox) twin = NULL;
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(KhConnection) twin_conn = NULL;
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *socket_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = g_build_filename (runtime_dir, "keyhole", NULL);
  struct stat st;
  gint64 n, ttl;
  GPid pid;
  gint64 deadline;

  if (kh_test_skip_without_server_binary ())
    return;

  sandbox = kh_sandbox_new ();
  g_signal_connect (sandbox, "notify::progress", G_CALLBACK (on_progress), progress);
  start_sandbox (sandbox);
  g_assert_true (kh_sandbox_is_running (sandbox));
  g_assert_nonnull (kh_sandbox_get_server_path (sandbox));
  g_assert_true (g_str_has_suffix (kh_sandbox_get_server_path (sandbox), "valkey-server") ||
                 g_str_has_suffix (kh_sandbox_get_server_path (sandbox), "redis-server"));

  /* Progress went up to 1, never back. */
  g_assert_cmpuint (progress->len, >=, 3);
  for (guint i = 1; i < progress->len; i++)
    g_assert_cmpfloat (g_array_index (progress, double, i), >=, g_array_index (progress, double, i - 1));
  g_assert_cmpfloat (g_array_index (progress, double, progress->len - 1), ==, 1.0);

  /* A socket in a private directory under the runtime dir, and nothing else listening. */
  socket_path = g_strdup (kh_sandbox_get_socket_path (sandbox));
  g_assert_nonnull (socket_path);
  dir = g_path_get_dirname (socket_path);
  g_assert_true (g_str_has_prefix (socket_path, base));
  g_assert_cmpint (g_lstat (socket_path, &st), ==, 0);
  g_assert_true (S_ISSOCK (st.st_mode));
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (base, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  pid = kh_sandbox_get_pid (sandbox);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, 0), ==, 0);

  conn = connect_sandbox (sandbox);
  {
    g_autoptr(KhReply) port = RUN_OK (conn, "CONFIG", "GET", "port");
    g_autoptr(KhReply) save = RUN_OK (conn, "CONFIG", "GET", "save");
    g_autoptr(KhReply) appendonly = RUN_OK (conn, "CONFIG", "GET", "appendonly");

    g_assert_cmpstr (port->element[1]->str, ==, "0");
    g_assert_cmpstr (save->element[1]->str, ==, "");
    g_assert_cmpstr (appendonly->element[1]->str, ==, "no");
  }

  n = RUN_INT (conn, "DBSIZE");
  g_test_message ("The sandbox holds %" G_GINT64_FORMAT " keys in db 0", n);
  g_assert_cmpint (n, >=, 2000);
  g_assert_cmpint (n, <=, 10000);

  assert_type (conn, "user:1", "hash");
  assert_type (conn, "user:500", "hash");
  assert_type (conn, "leaderboard:weekly", "zset");
  assert_type (conn, "queue:emails", "list");
  assert_type (conn, "queue:webhooks", "list");
  assert_type (conn, "events:orders", "stream");
  assert_type (conn, "cache:/api/v1/projects", "string");
  assert_type (conn, "cache:/api/v1/projects/7", "string");
  assert_type (conn, "cache:/api/v1/users/7/settings", "string");
  assert_type (conn, "tenant:acme:config", "string");
  assert_type (conn, "tenant:acme:flags", "set");
  assert_type (conn, "circuit:sendgrid", "hash");
  assert_type (conn, "circuit:stripe", "string");

  ttl = RUN_INT (conn, "TTL", "LIMITS:LIMITER/203.0.113.1/auth.login/10/1/minute");
  g_assert_cmpint (ttl, >=, 1);
  g_assert_cmpint (ttl, <=, 60);
  ttl = RUN_INT (conn, "TTL", "rate-limit:198.51.100.1:/api/v1/uploads");
  g_assert_cmpint (ttl, >=, 1);
  g_assert_cmpint (ttl, <=, 60);
  ttl = RUN_INT (conn, "TTL", "cache:/api/v1/projects");
  g_assert_cmpint (ttl, >, 60);
  g_assert_cmpint (ttl, <=, 300);
  g_assert_cmpint (RUN_INT (conn, "TTL", "user:1"), ==, -1);

  g_assert_cmpint (RUN_INT (conn, "ZCARD", "leaderboard:weekly"), ==, 200);
  g_assert_cmpint (RUN_INT (conn, "XLEN", "events:orders"), ==, 500);
  n = RUN_INT (conn, "LLEN", "queue:emails");
  g_assert_cmpint (n, >=, 50);
  g_assert_cmpint (n, <=, 200);
  g_assert_cmpint (RUN_INT (conn, "STRLEN", "cache:report:large"), >=, 2 * 1024 * 1024);
  {
    g_autoptr(KhReply) magic = RUN_OK (conn, "GETRANGE", "cache:blob:gz", "0", "1");
    g_autoptr(KhReply) session = NULL;
    g_autoptr(KhReply) keys = NULL;
    g_autoptr(KhReply) json = RUN_OK (conn, "GET", "cache:/api/v1/projects/7");
    g_autoptr(KhCommand) exists = kh_command_new ("EXISTS");
    static const char latin1_key[] = "legacy:pr\xe9" "f\xe9rences:42";

    g_assert_cmpmem (magic->str, magic->len, "\x1f\x8b", 2);
    g_assert_true (g_str_has_prefix (json->str, "{\"id\":7,"));

    /* A key whose name is not UTF-8. */
    kh_command_add_len (exists, latin1_key, sizeof latin1_key - 1);
    g_assert_cmpint (run_int (conn, g_steal_pointer (&exists)), ==, 1);

    keys = RUN_OK (conn, "SCAN", "0", "MATCH", "sess:*", "COUNT", "5000");
    g_assert_cmpuint (keys->element[1]->len, >=, 300);
    session = RUN_OK (conn, "GET", keys->element[1]->element[0]->str);
    g_assert_true (g_str_has_prefix (session->str, "{\"user_id\":"));
    g_assert_nonnull (strstr (session->str, "\"csrf\":\""));
  }

  /* Database 1 has its own keys. */
  {
    g_autoptr(KhReply) select = RUN_OK (conn, "SELECT", "1");

    n = RUN_INT (conn, "DBSIZE");
    g_assert_cmpint (n, >=, 200);
    g_assert_cmpint (n, <=, 1000);
    assert_type (conn, "db1:pageviews:2024-12-01:/pricing", "string");
  }

  /* The same seed gives the same data in a second sandbox, beside the first. */
  twin = kh_sandbox_new ();
  start_sandbox (twin);
  g_assert_cmpstr (kh_sandbox_get_socket_path (twin), !=, socket_path);
  twin_conn = connect_sandbox (twin);
  {
    static const char * const keys[] = { "user:42", "tenant:hooli:config", "cache:/api/v1/projects/99" };

    g_autoptr(KhReply) select = RUN_OK (conn, "SELECT", "0");

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        g_autoptr(KhReply) a = RUN_OK (conn, "DUMP", keys[i]);
        g_autoptr(KhReply) b = RUN_OK (twin_conn, "DUMP", keys[i]);

        g_assert_cmpint (a->kind, ==, KH_REPLY_STRING);
        g_assert_cmpmem (a->str, a->len, b->str, b->len);
      }
  }
  kh_connection_close (twin_conn);
  kh_sandbox_stop (twin);

  /* Stopping removes the socket, the directory and the process. */
  kh_connection_close (conn);
  kh_sandbox_stop (sandbox);
  g_assert_false (kh_sandbox_is_running (sandbox));
  g_assert_null (kh_sandbox_get_socket_path (sandbox));
  g_assert_null (kh_sandbox_get_connection_config (sandbox));
  g_assert_false (g_file_test (socket_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  /* GLib reaps it in its worker thread: give it a moment. */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (kill (pid, 0) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpint (kill (pid, 0), ==, -1);
  g_assert_cmpint (errno, ==, ESRCH);
}

static void
test_stop_while_starting (void)
{
  g_autoptr(KhSandbox) sandbox = NULL;
  g_autofree char *base = g_build_filename (runtime_dir, "keyhole", NULL);
  Result r = { 0 };
  gint64 deadline;
  gboolean empty = FALSE;

  if (kh_test_skip_without_server_binary ())
    return;

  sandbox = kh_sandbox_new ();
  kh_sandbox_start_async (sandbox, NULL, on_started, &r);
  kh_sandbox_stop (sandbox);
  kh_test_wait_until (&r.done, 5000);
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);

  /* The directory being made when it stopped is removed too. */
  deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (!empty && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GDir) listing = g_dir_open (base, 0, NULL);

      empty = listing == NULL || g_dir_read_name (listing) == NULL;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  g_assert_true (empty);

  /* It can start again afterwards. */
  memset (&r, 0, sizeof r);
  start_sandbox (sandbox);
  g_assert_true (kh_sandbox_is_running (sandbox));
  g_clear_object (&sandbox); /* dispose stops it */
  {
    g_autoptr(GDir) listing = g_dir_open (base, 0, NULL);

    g_assert_nonnull (listing);
    g_assert_null (g_dir_read_name (listing));
  }
}

static void
test_missing_server (void)
{
  g_autoptr(KhSandbox) sandbox = kh_sandbox_new ();
  g_autofree char *path = g_strdup (g_getenv ("PATH"));
  g_autofree char *override = g_strdup (g_getenv ("KEYHOLE_SANDBOX_SERVER"));
  Result r = { 0 };

  /* Nothing in PATH, no override. */
  g_setenv ("PATH", runtime_dir, TRUE);
  g_unsetenv ("KEYHOLE_SANDBOX_SERVER");
  kh_sandbox_start_async (sandbox, NULL, on_started, &r);
  kh_test_wait_until (&r.done, 2000);
  g_assert_error (r.error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (r.error->message, "Install valkey-server (or redis-server)"));
  g_assert_false (kh_sandbox_is_running (sandbox));
  g_clear_error (&r.error);

  /* An override that is not a program is reported, not ignored. */
  memset (&r, 0, sizeof r);
  g_setenv ("KEYHOLE_SANDBOX_SERVER", "/nonexistent/valkey-server", TRUE);
  kh_sandbox_start_async (sandbox, NULL, on_started, &r);
  kh_test_wait_until (&r.done, 2000);
  g_assert_error (r.error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (r.error->message, "KEYHOLE_SANDBOX_SERVER"));
  g_clear_error (&r.error);

  g_setenv ("PATH", path, TRUE);
  if (override != NULL)
    g_setenv ("KEYHOLE_SANDBOX_SERVER", override, TRUE);
  else
    g_unsetenv ("KEYHOLE_SANDBOX_SERVER");
}

static void
on_stale_removed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (kh_sandbox_remove_stale_finish (result, NULL));
  *done = TRUE;
}

/* A sandbox folder, as a Keyhole with process id @pid would have made it. */
static char *
make_sandbox_dir (const char *base,
                  GPid        pid)
{
  g_autofree char *name = g_strdup_printf ("sandbox-%d-Ab12Cd", (int) pid);
  char *dir = g_build_filename (base, name, NULL);
  g_autofree char *file = g_build_filename (dir, "server.conf", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "port 0\n", -1, NULL));
  return dir;
}

/* What a killed Keyhole left is removed; what a running one uses stays. */
static void
test_remove_stale (void)
{
  g_autofree char *base = g_build_filename (runtime_dir, "keyhole", NULL);
  g_autoptr(GSubprocess) gone = NULL;
  g_autofree char *dead_dir = NULL;
  g_autofree char *live_dir = NULL;
  g_autofree char *live_file = NULL;
  GPid dead_pid;
  gboolean done = FALSE;

  gone = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "true", NULL);
  g_assert_nonnull (gone);
  dead_pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (gone), NULL, 10);
  g_assert_true (g_subprocess_wait (gone, NULL, NULL));
  dead_dir = make_sandbox_dir (base, dead_pid);
  live_dir = make_sandbox_dir (base, getppid ());

  kh_sandbox_remove_stale_async (NULL, on_stale_removed, &done);
  kh_test_wait_until (&done, 5000);
  g_assert_false (g_file_test (dead_dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live_dir, G_FILE_TEST_IS_DIR));

  live_file = g_build_filename (live_dir, "server.conf", NULL);
  g_unlink (live_file);
  g_rmdir (live_dir);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  int status;

  /* Before anything asks GLib for the runtime dir, which it caches. */
  runtime_dir = g_dir_make_tmp ("kh-sandbox-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_unsetenv ("KEYHOLE_SANDBOX_SERVER");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/sandbox/missing-server", test_missing_server);
  g_test_add_func ("/core/sandbox/start", test_start);
  g_test_add_func ("/core/sandbox/stop-while-starting", test_stop_while_starting);
  g_test_add_func ("/core/sandbox/remove-stale", test_remove_stale);

  status = g_test_run ();

  base = g_build_filename (runtime_dir, "keyhole", NULL);
  g_rmdir (base);
  g_rmdir (runtime_dir);
  g_free (runtime_dir);
  return status;
}
