/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-app-signals.c: the built keyhole, run with --sandbox and stopped with
 * SIGTERM or SIGINT, leaves no sandbox folder behind; under a real display */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "kh-test-server.h"
#include "kh-test-util.h"

/* The one sandbox folder in @base holding a socket, or NULL. */
static char *
find_sandbox_dir (const char *base)
{
  g_autoptr(GDir) listing = g_dir_open (base, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *dir = g_build_filename (base, name, NULL);
      g_autofree char *socket_path = g_build_filename (dir, "server.sock", NULL);

      if (g_str_has_prefix (name, "sandbox-") && g_file_test (socket_path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&dir);
    }
  return NULL;
}

static gboolean
has_sandbox_entries (const char *base)
{
  g_autoptr(GDir) listing = g_dir_open (base, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "sandbox-"))
      return TRUE;
  return FALSE;
}

/* Removes @path and what is inside it, two levels deep at most (what the app makes here). */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) listing = g_dir_open (path, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *done = TRUE;
}

static void
test_signal_removes_sandbox (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  const char *app = g_getenv ("KH_APP_PATH");
  g_autofree char *dbus_run_session = g_find_program_in_path ("dbus-run-session");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *dir_name = NULL;
  g_autofree char *runtime_dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *config_dir = NULL;
  g_autofree char *cache_dir = NULL;
  gint64 deadline;
  gboolean exited = FALSE;
  GPid pid;

  if (kh_test_skip_without_display () || kh_test_skip_without_server_binary ())
    return;
  if (app == NULL || dbus_run_session == NULL)
    {
      if (kh_test_servers_required ())
        g_test_fail_printf ("KH_APP_PATH is not set, or dbus-run-session is not installed");
      else
        g_test_skip ("KH_APP_PATH is not set, or dbus-run-session is not installed");
      return;
    }

  runtime_dir = g_dir_make_tmp ("kh-test-app-XXXXXX", &error);
  g_assert_no_error (error);
  base = g_build_filename (runtime_dir, "keyhole", NULL);
  config_dir = g_build_filename (runtime_dir, "config", NULL);
  cache_dir = g_build_filename (runtime_dir, "cache", NULL);

  /* A bus of its own: the test must not meet a Keyhole already running. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, dbus_run_session, "--", app, "--sandbox", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, on_exited, &exited);

  /* The sandbox is up once its socket is there. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while ((dir = find_sandbox_dir (base)) == NULL && !exited && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
  g_assert_false (exited);
  g_assert_nonnull (dir);
  /* Under $XDG_RUNTIME_DIR, named after Keyhole's process: sandbox-<pid>-XXXXXX. */
  g_assert_true (g_str_has_prefix (dir, runtime_dir));
  dir_name = g_path_get_basename (dir);
  pid = (GPid) g_ascii_strtoll (dir_name + strlen ("sandbox-"), NULL, 10);
  g_assert_cmpint (pid, >, 0);

  g_assert_cmpint (kill (pid, signum), ==, 0);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!exited && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_true (exited);
  /* Quit as the Quit action does: a clean exit, and nothing left behind. */
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_false (has_sandbox_entries (base));

  remove_tree (runtime_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/app/sandbox/sigterm", GINT_TO_POINTER (SIGTERM), test_signal_removes_sandbox);
  g_test_add_data_func ("/app/sandbox/sigint", GINT_TO_POINTER (SIGINT), test_signal_removes_sandbox);

  return g_test_run ();
}
