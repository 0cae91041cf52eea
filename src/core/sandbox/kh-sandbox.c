/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-sandbox.c: a private valkey-server or redis-server with demo data
 *
 * The server lives in a fresh 0700 directory under the user runtime dir,
 * listens only on a Unix socket there and saves nothing. Starting runs in
 * steps that never block the main loop: the directory and config file are made
 * in a worker thread, the server is spawned without a shell, readiness is
 * polled every 20 ms with a KhConnection (whose handshake ends with PING),
 * then the demo data is loaded through that connection, pipelined.
 */
#include "config.h"

#include "kh-sandbox.h"
#include "kh-sandbox-private.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#ifdef G_OS_UNIX
#include <signal.h>
#include <sys/un.h>
#include <unistd.h>
#else
#include <process.h> /* getpid */
#endif
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "kh-error.h"

#define SERVER_ENV "KEYHOLE_SANDBOX_SERVER"
#define READY_POLL_MS 20
#define READY_TIMEOUT_S 10
#define FILL_WINDOW 256

struct _KhSandbox {
  GObject parent_instance;

  char *server_path;
  char *dir;
  char *socket_path;
  GSubprocess *process;
  GPid pid;
  gboolean running;

  GTask *start_task;           /* while starting */
  GCancellable *start_cancellable;  /* the caller's, while starting */
  gulong start_cancelled_id;
  GCancellable *cancellable;   /* cancelled by stop */
  KhConnection *connection;    /* the readiness probe, then the loader */
  GSource *retry_source;
  gint64 ready_deadline_us;

  GPtrArray *commands;         /* demo data, sent in order */
  guint next;
  guint done;
  double progress;
};

G_DEFINE_FINAL_TYPE (KhSandbox, kh_sandbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void kh_sandbox_try_connect (KhSandbox *self);

static void
kh_source_destroy_and_unref (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
kh_sandbox_set_progress (KhSandbox *self,
                         double     progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
kh_sandbox_set_running (KhSandbox *self,
                        gboolean   running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Files */

/* Removes the files directly inside @dir, then @dir: the sandbox makes no subdirectories. */
static void
remove_private_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_unlink (path) != 0)
        g_debug ("Could not remove %s: %s", path, g_strerror (errno));
    }
  if (g_rmdir (dir) != 0)
    g_debug ("Could not remove %s: %s", dir, g_strerror (errno));
}

/* Removes sandboxes left by Keyhole processes that no longer exist
 * (directories are named sandbox-<pid>-XXXXXX). */
static void
remove_stale_sandboxes (const char *base)
{
#ifdef G_OS_UNIX
  g_autoptr(GDir) listing = g_dir_open (base, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      char *end = NULL;
      gint64 pid;

      if (!g_str_has_prefix (name, "sandbox-"))
        continue;
      pid = g_ascii_strtoll (name + strlen ("sandbox-"), &end, 10);
      if (end == NULL || *end != '-' || pid <= 0 || pid > G_MAXINT || pid == getpid ())
        continue;
      if (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
        continue;
      {
        g_autofree char *path = g_build_filename (base, name, NULL);

        g_debug ("Removing the sandbox left by process %" G_GINT64_FORMAT ": %s", pid, path);
        remove_private_dir (path);
      }
    }
#endif
}

static char *
sandbox_base_dir (void)
{
  /* $XDG_RUNTIME_DIR, emptied at logout; GLib falls back to the cache folder without it. */
  return g_build_filename (g_get_user_runtime_dir (), "keyhole", NULL);
}

/* Double-quoted for redis.conf: backslash and quote escaped. */
static void
append_directive (GString    *out,
                  const char *name,
                  const char *value)
{
  g_string_append_printf (out, "%s \"", name);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append (out, "\"\n");
}

typedef struct {
  char *base;          /* in: <runtime dir>/keyhole */
  char *dir;           /* out */
  char *socket_path;
  char *config_path;
  char *log_path;
} Prepare;

static void
prepare_free (Prepare *prepare)
{
  g_free (prepare->base);
  g_free (prepare->dir);
  g_free (prepare->socket_path);
  g_free (prepare->config_path);
  g_free (prepare->log_path);
  g_free (prepare);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepare *prepare = task_data;
  g_autofree char *template = NULL;
  g_autoptr(GString) config = NULL;
  GError *error = NULL;
  int saved_errno;

  if (g_mkdir_with_parents (prepare->base, 0700) != 0)
    {
      saved_errno = errno;
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               "Could not create the folder %s for the sandbox: %s",
                               prepare->base, g_strerror (saved_errno));
      return;
    }
  g_chmod (prepare->base, 0700);
  remove_stale_sandboxes (prepare->base);

  template = g_strdup_printf ("%s/sandbox-%d-XXXXXX", prepare->base, (int) getpid ());
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      saved_errno = errno;
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               "Could not create a private folder in %s for the sandbox: %s",
                               prepare->base, g_strerror (saved_errno));
      return;
    }
  prepare->dir = g_steal_pointer (&template);
  prepare->socket_path = g_build_filename (prepare->dir, "server.sock", NULL);
  prepare->config_path = g_build_filename (prepare->dir, "server.conf", NULL);
  prepare->log_path = g_build_filename (prepare->dir, "server.log", NULL);

#ifdef G_OS_UNIX
  if (strlen (prepare->socket_path) >= sizeof (((struct sockaddr_un *) NULL)->sun_path))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                               "The sandbox socket path %s is too long for a Unix socket; "
                               "set XDG_RUNTIME_DIR to a shorter folder",
                               prepare->socket_path);
      remove_private_dir (prepare->dir);
      return;
    }
#endif

  /* Only the Unix socket, nothing saved, and a memory limit like a small hosted plan. */
  config = g_string_new ("# Keyhole sandbox: private, in memory only\n");
  g_string_append (config, "port 0\n");
  append_directive (config, "unixsocket", prepare->socket_path);
  g_string_append (config, "unixsocketperm 700\n");
  g_string_append (config, "save \"\"\n");
  g_string_append (config, "appendonly no\n");
  append_directive (config, "dir", prepare->dir);
  g_string_append (config, "daemonize no\n");
  g_string_append (config, "logfile \"\"\n");
  g_string_append (config, "databases 16\n");
  g_string_append (config, "maxmemory 128mb\n");
  g_string_append (config, "maxmemory-policy allkeys-lru\n");

  if (!g_file_set_contents_full (prepare->config_path, config->str, config->len,
                                 G_FILE_SET_CONTENTS_NONE, 0600, &error))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               "Could not write the sandbox configuration: %s", error->message);
      g_error_free (error);
      remove_private_dir (prepare->dir);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* The last lines the server wrote, to explain why it failed. */
static char *
read_log_tail (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "server.log", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) tail = g_string_new (NULL);
  guint n, first;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  g_strchomp (text);
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  first = n > 3 ? n - 3 : 0;
  for (guint i = first; i < n; i++)
    {
      g_string_append (tail, i == first ? " (" : " / ");
      g_string_append (tail, g_strstrip (lines[i]));
    }
  if (tail->len > 0)
    g_string_append_c (tail, ')');
  return g_string_free (g_steal_pointer (&tail), FALSE);
}

/* Stopping */

static void
kh_sandbox_teardown (KhSandbox *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->retry_source, kh_source_destroy_and_unref);
  if (self->connection != NULL)
    kh_connection_close (self->connection);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->commands, g_ptr_array_unref);

  /* Nothing to save: SIGKILL is immediate, and GLib reaps the process. */
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  g_clear_object (&self->process);
  self->pid = 0;

  if (self->dir != NULL)
    remove_private_dir (self->dir);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->socket_path, g_free);
}

/* Ends the start, once: the caller's cancellable no longer matters afterwards. */
static GTask *
kh_sandbox_take_start_task (KhSandbox *self)
{
  if (self->start_cancellable != NULL)
    g_cancellable_disconnect (self->start_cancellable, self->start_cancelled_id);
  self->start_cancelled_id = 0;
  g_clear_object (&self->start_cancellable);
  return g_steal_pointer (&self->start_task);
}

static void
kh_sandbox_fail_start (KhSandbox *self,
                       GError    *error)
{
  g_autoptr(GTask) task = kh_sandbox_take_start_task (self);

  kh_sandbox_teardown (self);
  kh_sandbox_set_running (self, FALSE);
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

void
kh_sandbox_stop (KhSandbox *self)
{
  g_return_if_fail (KH_IS_SANDBOX (self));

  kh_sandbox_fail_start (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            "The sandbox was stopped before it was ready"));
}

/* Loading */

static void kh_sandbox_pump (KhSandbox *self);

static void
on_fill_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhSandbox *self = g_task_get_source_object (task);
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = kh_connection_send_finish (KH_CONNECTION (object), result, &error);
  if (task != self->start_task)
    return; /* stopped */
  if (reply == NULL)
    {
      kh_sandbox_fail_start (self, g_error_new (KH_ERROR, KH_ERROR_FAILED,
                                                "The sandbox server refused the demo data: %s",
                                                error->message));
      return;
    }

  self->done++;
  if (self->done == self->commands->len)
    {
      g_autoptr(GTask) done = kh_sandbox_take_start_task (self);

      kh_connection_close (self->connection);
      g_clear_object (&self->connection);
      g_clear_pointer (&self->commands, g_ptr_array_unref);
      kh_sandbox_set_progress (self, 1.0);
      g_task_return_boolean (done, TRUE);
      return;
    }
  if (self->done % 64 == 0)
    kh_sandbox_set_progress (self, (double) self->done / self->commands->len);
  kh_sandbox_pump (self);
}

/* Keeps FILL_WINDOW commands in flight: the main loop stays free, and the
 * replies to read never pile up. */
static void
kh_sandbox_pump (KhSandbox *self)
{
  while (self->next < self->commands->len && self->next - self->done < FILL_WINDOW)
    {
      KhCommand *command = g_steal_pointer (&g_ptr_array_index (self->commands, self->next));

      self->next++;
      kh_connection_send_async (self->connection, command, 0, NULL, on_fill_reply,
                                g_object_ref (self->start_task));
    }
}

/* Waiting for the server */

static gboolean
on_retry_connect (gpointer user_data)
{
  KhSandbox *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  kh_sandbox_try_connect (self);
  return G_SOURCE_REMOVE;
}

static void
on_ready_connected (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhSandbox *self = g_task_get_source_object (task);
  KhConnection *connection = KH_CONNECTION (object);
  g_autoptr(GError) error = NULL;

  if (!kh_connection_connect_finish (connection, result, &error))
    {
      g_autofree char *log = NULL;

      if (task != self->start_task || connection != self->connection)
        return;
      g_clear_object (&self->connection);
      if (g_get_monotonic_time () < self->ready_deadline_us)
        {
          self->retry_source = g_timeout_source_new (READY_POLL_MS);
          g_source_set_callback (self->retry_source, on_retry_connect, self, NULL);
          g_source_attach (self->retry_source, NULL);
          return;
        }
      log = read_log_tail (self->dir);
      kh_sandbox_fail_start (self, g_error_new (KH_ERROR, KH_ERROR_TIMEOUT,
                                                "The sandbox server %s did not answer within %d s%s",
                                                self->server_path, READY_TIMEOUT_S, log));
      return;
    }
  if (task != self->start_task || connection != self->connection)
    return;

  kh_sandbox_set_running (self, TRUE);
  self->commands = kh_sandbox_demo_commands_new ();
  self->next = 0;
  self->done = 0;
  kh_sandbox_pump (self);
}

static void
kh_sandbox_try_connect (KhSandbox *self)
{
  g_autoptr(KhConnectionConfig) config = kh_sandbox_get_connection_config (self);

  config->connect_timeout_ms = 1000;
  config->client_name = g_strdup ("keyhole-sandbox");
  self->connection = kh_connection_new (config);
  kh_connection_connect_async (self->connection, NULL, on_ready_connected,
                               g_object_ref (self->start_task));
}

static void
on_server_exited (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(KhSandbox) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  GSubprocess *process = G_SUBPROCESS (object);

  g_weak_ref_clear (weak);
  g_free (weak);

  if (!g_subprocess_wait_finish (process, result, &error) || self == NULL || process != self->process)
    return; /* cancelled by stop, or the sandbox is gone */

  log = read_log_tail (self->dir);
  if (self->start_task != NULL)
    {
      kh_sandbox_fail_start (self, g_error_new (KH_ERROR, KH_ERROR_FAILED,
                                                "The sandbox server %s stopped right away%s",
                                                self->server_path, log));
      return;
    }
  g_warning ("The sandbox server stopped unexpectedly%s", log);
  g_clear_object (&self->process);
  self->pid = 0;
  kh_sandbox_set_running (self, FALSE);
}

#ifdef G_OS_UNIX
/* In the child, between fork and exec: only async-signal-safe calls. */
static void
child_setup (gpointer user_data)
{
#ifdef __linux__
  pid_t parent = (pid_t) GPOINTER_TO_INT (user_data);

  /* Die with Keyhole, even when it crashes; the parent may be gone already. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    _exit (1);
#endif
}
#endif

static void
on_prepared (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhSandbox *self = KH_SANDBOX (object);
  Prepare *prepare = g_task_get_task_data (G_TASK (result));
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GWeakRef *weak;
  const char *identifier;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (task == self->start_task)
        kh_sandbox_fail_start (self, g_steal_pointer (&error));
      return;
    }
  if (task != self->start_task)
    {
      remove_private_dir (prepare->dir); /* stopped meanwhile */
      return;
    }

  self->dir = g_steal_pointer (&prepare->dir);
  self->socket_path = g_steal_pointer (&prepare->socket_path);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, self->dir);
  g_subprocess_launcher_set_stdout_file_path (launcher, prepare->log_path);
#ifdef G_OS_UNIX
  g_subprocess_launcher_set_child_setup (launcher, child_setup, GINT_TO_POINTER ((int) getpid ()), NULL);
#endif
  self->process = g_subprocess_launcher_spawn (launcher, &error, self->server_path,
                                               prepare->config_path, NULL);
  if (self->process == NULL)
    {
      kh_sandbox_fail_start (self, g_error_new (KH_ERROR, KH_ERROR_FAILED,
                                                "Could not start the sandbox server %s: %s",
                                                self->server_path, error->message));
      return;
    }
  identifier = g_subprocess_get_identifier (self->process);
  self->pid = identifier != NULL ? (GPid) g_ascii_strtoll (identifier, NULL, 10) : 0;

  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  g_subprocess_wait_async (self->process, self->cancellable, on_server_exited, weak);

  self->ready_deadline_us = g_get_monotonic_time () + READY_TIMEOUT_S * G_USEC_PER_SEC;
  kh_sandbox_try_connect (self);
}

static gboolean
on_start_cancelled_idle (gpointer user_data)
{
  KhSandbox *self = user_data;

  if (self->start_task != NULL)
    kh_sandbox_stop (self);
  return G_SOURCE_REMOVE;
}

/* May run in any thread, and inside g_cancellable_cancel(), where
 * disconnecting would deadlock: stop from an idle in the main context. */
static void
on_start_cancelled (GCancellable *cancellable,
                    gpointer      user_data)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, on_start_cancelled_idle, g_object_ref (user_data), g_object_unref);
  g_source_attach (source, NULL);
  g_source_unref (source);
}

/* The server program: $KEYHOLE_SANDBOX_SERVER, else valkey-server, else redis-server. */
static char *
find_server (GError **error)
{
  const char *override = g_getenv (SERVER_ENV);
  char *path;

  if (override != NULL && *override != '\0')
    {
      path = g_find_program_in_path (override);
      if (path == NULL)
        g_set_error (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                     "%s names “%s”, which is not a program that can be run. "
                     "Point it at valkey-server or redis-server, or unset it",
                     SERVER_ENV, override);
      return path;
    }

  path = g_find_program_in_path ("valkey-server");
  if (path == NULL)
    path = g_find_program_in_path ("redis-server");
  if (path == NULL)
    g_set_error_literal (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                         "The sandbox needs a Valkey or Redis server on this computer. "
                         "Install valkey-server (or redis-server) with your package manager, then try again");
  return path;
}

void
kh_sandbox_start_async (KhSandbox           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) prepare_task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_path = NULL;
  Prepare *prepare;

  g_return_if_fail (KH_IS_SANDBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_sandbox_start_async);

  if (self->start_task != NULL || self->process != NULL)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED, "The sandbox is already running");
      return;
    }

  server_path = find_server (&error);
  if (server_path == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_free (self->server_path);
  self->server_path = g_steal_pointer (&server_path);
  self->cancellable = g_cancellable_new ();
  self->start_task = g_object_ref (task);
  kh_sandbox_set_progress (self, 0.0);
  if (cancellable != NULL)
    {
      self->start_cancellable = g_object_ref (cancellable);
      self->start_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_start_cancelled),
                                                        self, NULL);
    }

  prepare = g_new0 (Prepare, 1);
  prepare->base = sandbox_base_dir ();
  prepare_task = g_task_new (self, NULL, on_prepared, g_steal_pointer (&task));
  g_task_set_task_data (prepare_task, prepare, (GDestroyNotify) prepare_free);
  g_task_run_in_thread (prepare_task, prepare_thread);
}

static void
remove_stale_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  remove_stale_sandboxes (task_data);
  g_task_return_boolean (task, TRUE);
}

void
kh_sandbox_remove_stale_async (GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, kh_sandbox_remove_stale_async);
  g_task_set_task_data (task, sandbox_base_dir (), g_free);
  g_task_run_in_thread (task, remove_stale_thread);
}

gboolean
kh_sandbox_remove_stale_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
kh_sandbox_start_finish (KhSandbox     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Getters */

gboolean
kh_sandbox_is_running (KhSandbox *self)
{
  g_return_val_if_fail (KH_IS_SANDBOX (self), FALSE);
  return self->running;
}

double
kh_sandbox_get_progress (KhSandbox *self)
{
  g_return_val_if_fail (KH_IS_SANDBOX (self), 0.0);
  return self->progress;
}

KhConnectionConfig *
kh_sandbox_get_connection_config (KhSandbox *self)
{
  KhConnectionConfig *config;

  g_return_val_if_fail (KH_IS_SANDBOX (self), NULL);

  if (self->socket_path == NULL)
    return NULL;
  config = kh_connection_config_new ();
  config->socket_path = g_strdup (self->socket_path);
  return config;
}

const char *
kh_sandbox_get_socket_path (KhSandbox *self)
{
  g_return_val_if_fail (KH_IS_SANDBOX (self), NULL);
  return self->socket_path;
}

const char *
kh_sandbox_get_server_path (KhSandbox *self)
{
  g_return_val_if_fail (KH_IS_SANDBOX (self), NULL);
  return self->server_path;
}

GPid
kh_sandbox_get_pid (KhSandbox *self)
{
  g_return_val_if_fail (KH_IS_SANDBOX (self), 0);
  return self->pid;
}

/* Object */

KhSandbox *
kh_sandbox_new (void)
{
  return g_object_new (KH_TYPE_SANDBOX, NULL);
}

static void
kh_sandbox_dispose (GObject *object)
{
  KhSandbox *self = KH_SANDBOX (object);

  kh_sandbox_teardown (self);
  self->running = FALSE;

  G_OBJECT_CLASS (kh_sandbox_parent_class)->dispose (object);
}

static void
kh_sandbox_finalize (GObject *object)
{
  KhSandbox *self = KH_SANDBOX (object);

  g_free (self->server_path);

  G_OBJECT_CLASS (kh_sandbox_parent_class)->finalize (object);
}

static void
kh_sandbox_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhSandbox *self = KH_SANDBOX (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_sandbox_class_init (KhSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_sandbox_dispose;
  object_class->finalize = kh_sandbox_finalize;
  object_class->get_property = kh_sandbox_get_property;

  /* The share of the demo data loaded, from 0 to 1. */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE once the server answers, until it stops. */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kh_sandbox_init (KhSandbox *self)
{
}
