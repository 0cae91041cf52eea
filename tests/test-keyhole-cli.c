/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keyhole-cli.c: the keyhole-cli tool against real servers */
#include <gio/gio.h>
#include <string.h>

#include "kh-test-server.h"

typedef struct {
  int status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* Runs keyhole-cli with @argv (NULL-terminated), feeding @input on stdin. */
static void
cli (CliRun      *run,
     GBytes      *input,
     const char  *first,
     ...)
{
  const char *path = g_getenv ("KH_CLI_PATH");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_assert_nonnull (path);
  g_ptr_array_add (argv, (gpointer) path);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                            (input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_STDIN_INHERIT),
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (proc);
  run->out = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  run->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
}

static void
test_commands (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_PASSWORD);
  g_autofree char *url = NULL;
  g_autofree char *wrong = NULL;
  CliRun r = { 0 };

  if (server == NULL)
    return;
  url = g_strdup_printf ("redis://:%s@127.0.0.1:%u/2", "kh-test-pass%20word", server->port);

  cli (&r, NULL, url, "SET", "greeting", "hello world", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "OK\n");
  cli_run_clear (&r);

  cli (&r, NULL, "--no-raw", url, "HSET", "h", "a", "1", "b", "two", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "(integer) 2\n");
  cli_run_clear (&r);

  cli (&r, NULL, "--no-raw", url, "HGETALL", "h", NULL);
  g_assert_cmpstr (r.out, ==, "1) \"a\"\n2) \"1\"\n3) \"b\"\n4) \"two\"\n");
  cli_run_clear (&r);

  cli (&r, NULL, "--no-raw", url, "GET", "missing", NULL);
  g_assert_cmpstr (r.out, ==, "(nil)\n");
  cli_run_clear (&r);

  /* database 2 from the URL path */
  {
    g_autofree char *value = kh_test_server_cli (server, "-n", "2", "GET", "greeting", NULL);
    g_assert_cmpstr (value, ==, "hello world");
  }

  /* redis-cli quoting with -c, and binary through stdin */
  {
    static const char bin[] = { 'a', 0, (char) 0xff, 'b' };
    g_autoptr(GBytes) input = g_bytes_new_static (bin, sizeof bin);

    cli (&r, input, "-x", url, "SET", "bin", NULL);
    g_assert_cmpint (r.status, ==, 0);
    cli_run_clear (&r);
    cli (&r, NULL, "--no-raw", "-c", "GET bin", url, NULL);
    g_assert_cmpstr (r.out, ==, "\"a\\x00\\xffb\"\n");
    cli_run_clear (&r);
  }

  /* an error reply: exit 1, the server's text on stderr */
  cli (&r, NULL, url, "NOSUCHCOMMAND", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "unknown command"));
  cli_run_clear (&r);

  /* a wrong password: exit 2, a sentence, and not the password */
  wrong = g_strdup_printf ("redis://:sesame-open-42@127.0.0.1:%u", server->port);
  cli (&r, NULL, wrong, "PING", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "refused the password"));
  g_assert_null (strstr (r.err, "sesame-open-42"));
  cli_run_clear (&r);

  /* the password from REDISCLI_AUTH */
  {
    g_autofree char *plain = g_strdup_printf ("redis://127.0.0.1:%u", server->port);

    g_setenv ("REDISCLI_AUTH", KH_TEST_PASSWORD, TRUE);
    cli (&r, NULL, plain, "PING", NULL);
    g_unsetenv ("REDISCLI_AUTH");
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "PONG\n");
    cli_run_clear (&r);
  }
  kh_test_server_stop (server);
}

static void
test_tls (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_TLS);
  g_autofree char *url = NULL;
  CliRun r = { 0 };

  if (server == NULL)
    return;
  url = g_strdup_printf ("rediss://localhost:%u", server->tls_port);

  cli (&r, NULL, url, "PING", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "not trusted"));
  cli_run_clear (&r);

  cli (&r, NULL, "--cacert", kh_test_tls_get ()->ca_file, url, "PING", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "PONG\n");
  cli_run_clear (&r);

  cli (&r, NULL, "--insecure", url, "ECHO", "unverified", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "unverified\n");
  cli_run_clear (&r);
  kh_test_server_stop (server);
}

/* A password in the URL no longer shows in /proc/PID/cmdline (what ps reads)
 * while the command runs, and the run warns about it. */
static void
test_password_hidden (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_PASSWORD);
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *cmdline = NULL;
  gsize cmdline_len = 0;
  gboolean blocked = FALSE;

  if (server == NULL)
    return;
  url = g_strdup_printf ("redis://:%s@127.0.0.1:%u", "kh-test-pass%20word", server->port);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("KH_CLI_PATH"), url, "BLPOP", "kh-cli-wait", "0", NULL);
  g_assert_no_error (error);

  /* Wait (a bounded while, not a timing assert) until it blocks on the server. */
  for (guint i = 0; i < 400 && !blocked; i++)
    {
      g_autofree char *clients = kh_test_server_cli (server, "CLIENT", "LIST", NULL);

      blocked = clients != NULL && strstr (clients, "cmd=blpop") != NULL;
      if (!blocked)
        g_usleep (25 * 1000);
    }
  g_assert_true (blocked);

  cmdline_path = g_strdup_printf ("/proc/%s/cmdline", g_subprocess_get_identifier (proc));
  g_assert_true (g_file_get_contents (cmdline_path, &cmdline, &cmdline_len, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < cmdline_len; i++)
    if (cmdline[i] == '\0')
      cmdline[i] = ' ';
  g_assert_nonnull (strstr (cmdline, "@127.0.0.1:"));
  g_assert_null (strstr (cmdline, "kh-test-pass"));

  g_free (kh_test_server_cli (server, "RPUSH", "kh-cli-wait", "done", NULL));
  g_subprocess_communicate (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (err, NULL), (gssize) g_bytes_get_size (err),
                                  "Warning: Using a password in the URL"));
  kh_test_server_stop (server);
}

/* --askpass reads the password from standard input when it is not a
 * terminal: the first line only, so -x still gets the rest. */
static void
test_askpass (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_PASSWORD);
  g_autofree char *plain = NULL;
  CliRun r = { 0 };

  if (server == NULL)
    return;
  plain = g_strdup_printf ("redis://127.0.0.1:%u", server->port);
  {
    g_autoptr(GBytes) input = g_bytes_new_static (KH_TEST_PASSWORD "\n", strlen (KH_TEST_PASSWORD) + 1);

    cli (&r, input, "--askpass", plain, "PING", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, "PONG\n");
    g_assert_false (r.err != NULL && strstr (r.err, "Warning") != NULL);
    cli_run_clear (&r);
  }
  {
    static const char both[] = KH_TEST_PASSWORD "\nthe value\nwith two lines";
    g_autoptr(GBytes) input = g_bytes_new_static (both, sizeof both - 1);
    g_autofree char *value = NULL;

    cli (&r, input, "--askpass", "-x", plain, "SET", "from-stdin", NULL);
    g_assert_cmpint (r.status, ==, 0);
    cli_run_clear (&r);
    value = kh_test_server_cli (server, "GET", "from-stdin", NULL);
    g_assert_cmpstr (value, ==, "the value\nwith two lines");
  }
  {
    g_autoptr(GBytes) input = g_bytes_new_static ("not it\n", 7);

    cli (&r, input, "--askpass", plain, "PING", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_false (r.err != NULL && strstr (r.err, "not it") != NULL);
    cli_run_clear (&r);
  }
  kh_test_server_stop (server);
}

/* --timeout and --connect-timeout take 0.001 to 86400 seconds (and --timeout
 * 0 for no limit); 4294968 once wrapped to 0.7 s and NaN became 30 s. */
static void
test_timeout_range (void)
{
  static const char * const bad[] = { "4294968", "86401", "nan", "inf", "1e300", "0.0001", "-1", "abc", "5s", "0x10", "1,5", "" };
  CliRun r = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      cli (&r, NULL, "--timeout", bad[i], "redis://127.0.0.1:1", "PING", NULL);
      g_assert_cmpint (r.status, ==, 64);
      g_assert_nonnull (strstr (r.err, "--timeout wants a number of seconds from 0.001 to 86400"));
      cli_run_clear (&r);

      cli (&r, NULL, "--connect-timeout", bad[i], "redis://127.0.0.1:1", "PING", NULL);
      g_assert_cmpint (r.status, ==, 64);
      g_assert_nonnull (strstr (r.err, "--connect-timeout wants"));
      cli_run_clear (&r);
    }

  cli (&r, NULL, "--connect-timeout", "0", "redis://127.0.0.1:1", "PING", NULL);
  g_assert_cmpint (r.status, ==, 64);
  cli_run_clear (&r);

  /* In range (and 0 for the reply): accepted, so the run gets as far as connecting. */
  cli (&r, NULL, "--timeout", "0", "--connect-timeout", "86400", "redis://127.0.0.1:1", "PING", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "refused"));
  cli_run_clear (&r);
  cli (&r, NULL, "--timeout", "0.001", "redis://127.0.0.1:1", "PING", NULL);
  g_assert_cmpint (r.status, ==, 2);
  cli_run_clear (&r);
}

static void
test_usage_errors (void)
{
  CliRun r = { 0 };

  cli (&r, NULL, "http://example.com", "PING", NULL);
  g_assert_cmpint (r.status, ==, 64);
  g_assert_nonnull (strstr (r.err, "http"));
  cli_run_clear (&r);

  cli (&r, NULL, "redis://localhost", NULL);
  g_assert_cmpint (r.status, ==, 64);
  cli_run_clear (&r);

  cli (&r, NULL, "-c", "SET \"unbalanced", "redis://localhost", NULL);
  g_assert_cmpint (r.status, ==, 64);
  g_assert_nonnull (strstr (r.err, "quote"));
  cli_run_clear (&r);

  cli (&r, NULL, "--connect-timeout", "5", "redis://127.0.0.1:1", "PING", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "refused"));
  cli_run_clear (&r);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/cli", "commands", test_commands);
  kh_test_add_for_each_server ("/cli", "tls", test_tls);
  kh_test_add_for_each_server ("/cli", "password-hidden", test_password_hidden);
  kh_test_add_for_each_server ("/cli", "askpass", test_askpass);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/timeout-range", test_timeout_range);

  return g_test_run ();
}
