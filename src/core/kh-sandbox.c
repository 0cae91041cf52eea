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
#define DEMO_SEED 20250101
/* 2025-01-01T00:00:00Z: demo timestamps are fixed so the data is the same every time. */
#define DEMO_EPOCH G_GINT64_CONSTANT (1735689600)

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

/* Demo data: what teams keep in these stores, generated from a fixed seed. */

typedef struct {
  GPtrArray *commands;
  GRand *rand;
} Demo;

static KhCommand *
demo_command (Demo       *demo,
              const char *name)
{
  KhCommand *command = kh_command_new (name);

  g_ptr_array_add (demo->commands, command);
  return command;
}

static const char *
demo_pick (Demo              *demo,
           const char * const *items,
           guint              n_items)
{
  return items[g_rand_int_range (demo->rand, 0, n_items)];
}

#define PICK(demo, array) demo_pick ((demo), (array), G_N_ELEMENTS (array))

static char *
demo_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* A time in the 90 days before DEMO_EPOCH. */
static char *
demo_recent_time (Demo *demo)
{
  return demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 0, 90 * 24 * 3600));
}

static char *
demo_token (Demo       *demo,
            const char *alphabet,
            guint       length)
{
  gsize n = strlen (alphabet);
  char *token = g_malloc (length + 1);

  for (guint i = 0; i < length; i++)
    token[i] = alphabet[g_rand_int_range (demo->rand, 0, n)];
  token[length] = '\0';
  return token;
}

#define HEX "0123456789abcdef"
#define URLSAFE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

static const char * const first_names[] = {
  "Amara", "Ben", "Chiara", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ines", "Jonas",
  "Kwame", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomoko",
  "Umar", "Valentina", "Wei", "Yara",
};
static const char * const last_names[] = {
  "Abebe", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ivanova",
  "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi",
  "Santos", "Tanaka", "Usman", "Varga", "Weber", "Yilmaz", "Zhang",
};
static const char * const plans[] = { "free", "free", "free", "hobby", "pro", "pro", "team", "enterprise" };

static void
demo_name (Demo  *demo,
           guint  id,
           char **name,
           char **email)
{
  static const char * const domains[] = { "example.com", "example.org", "example.net" };
  const char *first = first_names[(id * 7) % G_N_ELEMENTS (first_names)];
  const char *last = last_names[(id * 13 + id / 24) % G_N_ELEMENTS (last_names)];
  g_autofree char *login = g_ascii_strdown (first, -1);

  *name = g_strdup_printf ("%s %s", first, last);
  *email = g_strdup_printf ("%s.%u@%s", login, id, PICK (demo, domains));
}

static void
demo_rate_limits (Demo *demo)
{
  /* A Flask service uses flask-limiter, a Node one express-rate-limit. */
  static const char * const flask_endpoints[] = { "auth.login", "auth.reset_password", "api.list_projects" };
  static const char * const node_paths[] = { "/api/v1/projects", "/api/v1/uploads", "/webhooks/stripe" };
  static const char * const networks[] = { "203.0.113", "198.51.100", "192.0.2", "100.64.12" };

  for (guint i = 0; i < 252; i++)
    {
      g_autofree char *ip = g_strdup_printf ("%s.%u", networks[i % 4], i / 4 + 1);

      for (guint e = 0; e < G_N_ELEMENTS (flask_endpoints); e++)
        {
          KhCommand *set = demo_command (demo, "SET");

          kh_command_add_printf (set, "LIMITS:LIMITER/%s/%s/10/1/minute", ip, flask_endpoints[e]);
          kh_command_add_int (set, g_rand_int_range (demo->rand, 1, 11));
          kh_command_add (set, "EX");
          kh_command_add_int (set, g_rand_int_range (demo->rand, 10, 61));
        }
      for (guint e = 0; e < G_N_ELEMENTS (node_paths); e++)
        {
          KhCommand *set = demo_command (demo, "SET");

          kh_command_add_printf (set, "rate-limit:%s:%s", ip, node_paths[e]);
          kh_command_add_int (set, g_rand_int_range (demo->rand, 1, 101));
          kh_command_add (set, "EX");
          kh_command_add_int (set, g_rand_int_range (demo->rand, 10, 61));
        }
    }
}

static const char * const project_words[] = {
  "billing", "checkout", "search", "auth", "media", "notifications", "analytics", "inventory",
  "payments", "onboarding", "catalog", "reporting",
};
static const char * const project_kinds[] = { "service", "api", "worker", "web", "jobs" };
static const char * const languages[] = { "go", "python", "typescript", "rust", "ruby", "elixir" };

static char *
demo_project_json (Demo  *demo,
                   guint  id)
{
  g_autofree char *created = demo_recent_time (demo);
  g_autofree char *updated = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 0, 7 * 24 * 3600));
  const char *word = project_words[id % G_N_ELEMENTS (project_words)];
  const char *kind = project_kinds[(id / G_N_ELEMENTS (project_words)) % G_N_ELEMENTS (project_kinds)];

  return g_strdup_printf ("{\"id\":%u,\"name\":\"%s-%s\",\"slug\":\"%s-%s-%u\",\"owner_id\":%d,"
                          "\"visibility\":\"%s\",\"default_branch\":\"main\",\"language\":\"%s\","
                          "\"created_at\":\"%s\",\"updated_at\":\"%s\","
                          "\"stats\":{\"open_issues\":%d,\"deploys_30d\":%d,\"members\":%d}}",
                          id, word, kind, word, kind, id, g_rand_int_range (demo->rand, 1, 501),
                          g_rand_boolean (demo->rand) ? "private" : "internal", PICK (demo, languages),
                          created, updated, g_rand_int_range (demo->rand, 0, 40),
                          g_rand_int_range (demo->rand, 0, 120), g_rand_int_range (demo->rand, 1, 25));
}

static void
demo_cached_responses (Demo *demo)
{
  static const char * const themes[] = { "light", "dark", "system" };
  static const char * const locales[] = { "en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "pt-BR" };
  static const char * const zones[] = { "Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "America/Sao_Paulo" };
  static const char * const digests[] = { "daily", "weekly", "never" };
  GString *list = g_string_new ("{\"data\":[");
  KhCommand *set;

  for (guint id = 1; id <= 150; id++)
    {
      g_autofree char *json = demo_project_json (demo, id);

      if (id <= 20)
        g_string_append_printf (list, "%s%s", id > 1 ? "," : "", json);
      set = demo_command (demo, "SET");
      kh_command_add_printf (set, "cache:/api/v1/projects/%u", id);
      kh_command_add (set, json);
      kh_command_add (set, "EX");
      kh_command_add (set, "300");
    }
  g_string_append (list, "],\"page\":1,\"per_page\":20,\"total\":150,\"next\":\"/api/v1/projects?page=2\"}");
  set = demo_command (demo, "SET");
  kh_command_add (set, "cache:/api/v1/projects");
  kh_command_add (set, list->str);
  kh_command_add (set, "EX");
  kh_command_add (set, "300");
  g_string_free (list, TRUE);

  for (guint id = 1; id <= 149; id++)
    {
      set = demo_command (demo, "SET");
      kh_command_add_printf (set, "cache:/api/v1/users/%u/settings", id);
      kh_command_add_printf (set, "{\"user_id\":%u,\"theme\":\"%s\",\"locale\":\"%s\",\"timezone\":\"%s\","
                                  "\"notifications\":{\"email\":%s,\"push\":%s,\"digest\":\"%s\"},"
                                  "\"two_factor\":%s,\"beta_features\":%s}",
                             id, PICK (demo, themes), PICK (demo, locales), PICK (demo, zones),
                             g_rand_boolean (demo->rand) ? "true" : "false",
                             g_rand_boolean (demo->rand) ? "true" : "false", PICK (demo, digests),
                             g_rand_int_range (demo->rand, 0, 3) ? "true" : "false",
                             g_rand_int_range (demo->rand, 0, 4) ? "false" : "true");
      kh_command_add (set, "EX");
      kh_command_add (set, "300");
    }
}

static void
demo_sessions (Demo *demo)
{
  static const char * const flashes[] = {
    "{}", "{}", "{}", "{}", "{\"success\":[\"Project saved\"]}", "{\"info\":[\"Welcome back!\"]}",
    "{\"error\":[\"That invitation link has expired\"]}",
  };

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *id = demo_token (demo, URLSAFE, 32);
      g_autofree char *csrf = demo_token (demo, HEX, 40);
      gint64 ttl = g_rand_int_range (demo->rand, 3600, 24 * 3600 + 1);
      g_autofree char *created = demo_time (DEMO_EPOCH - (24 * 3600 - ttl));
      KhCommand *set = demo_command (demo, "SET");

      kh_command_add_printf (set, "sess:%s", id);
      kh_command_add_printf (set, "{\"user_id\":%d,\"created\":\"%s\",\"csrf\":\"%s\",\"flash\":%s,"
                                  "\"cookie\":{\"maxAge\":86400000,\"httpOnly\":true,\"secure\":true,"
                                  "\"sameSite\":\"lax\",\"path\":\"/\"}}",
                             g_rand_int_range (demo->rand, 1, 501), created, csrf, PICK (demo, flashes));
      kh_command_add (set, "EX");
      kh_command_add_int (set, ttl);
    }
}

static void
demo_users (Demo *demo)
{
  for (guint id = 1; id <= 500; id++)
    {
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      g_autofree char *created = NULL;
      g_autofree char *last_login = NULL;
      gint64 created_at = DEMO_EPOCH - g_rand_int_range (demo->rand, 30 * 24 * 3600, 3 * 365 * 24 * 3600);
      KhCommand *hset = demo_command (demo, "HSET");

      demo_name (demo, id, &name, &email);
      created = demo_time (created_at);
      last_login = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 60, 30 * 24 * 3600));
      kh_command_add_printf (hset, "user:%u", id);
      kh_command_add (hset, "email");
      kh_command_add (hset, email);
      kh_command_add (hset, "name");
      kh_command_add (hset, name);
      kh_command_add (hset, "plan");
      kh_command_add (hset, PICK (demo, plans));
      kh_command_add (hset, "created_at");
      kh_command_add (hset, created);
      kh_command_add (hset, "last_login");
      kh_command_add (hset, last_login);
    }
}

static void
demo_circuits (Demo *demo)
{
  static const struct { const char *service; const char *state; guint failures; gboolean hash; } circuits[] = {
    { "stripe", "closed", 0, FALSE },
    { "sendgrid", "open", 17, TRUE },
    { "github-api", "half-open", 5, TRUE },
    { "s3", "closed", 1, TRUE },
    { "twilio", "closed", 0, FALSE },
    { "search-cluster", "open", 42, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (circuits); i++)
    {
      KhCommand *command;

      if (!circuits[i].hash)
        {
          command = demo_command (demo, "SET");
          kh_command_add_printf (command, "circuit:%s", circuits[i].service);
          kh_command_add (command, circuits[i].state);
          continue;
        }
      {
        g_autofree char *opened = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 10, 600));
        g_autofree char *retry = demo_time (DEMO_EPOCH + 30);

        command = demo_command (demo, "HSET");
        kh_command_add_printf (command, "circuit:%s", circuits[i].service);
        kh_command_add (command, "state");
        kh_command_add (command, circuits[i].state);
        kh_command_add (command, "failures");
        kh_command_add_int (command, circuits[i].failures);
        kh_command_add (command, "threshold");
        kh_command_add (command, "5");
        kh_command_add (command, "opened_at");
        kh_command_add (command, opened);
        kh_command_add (command, "retry_at");
        kh_command_add (command, retry);
      }
    }
}

static void
demo_tenants (Demo *demo)
{
  static const char * const slugs[] = {
    "acme", "globex", "initech", "umbrella", "hooli", "stark-industries", "wayne-enterprises",
    "wonka", "soylent", "cyberdyne", "tyrell", "massive-dynamic",
  };
  static const char * const flags[] = {
    "new-dashboard", "beta-search", "dark-mode", "audit-log", "bulk-export", "ai-summaries",
    "sso-enforced", "usage-billing",
  };
  static const char * const regions[] = { "eu-west-1", "us-east-1", "ap-northeast-1", "eu-central-1" };
  static const char * const tenant_plans[] = { "team", "business", "enterprise" };
  static const char * const providers[] = { "okta", "azure-ad", "google" };

  for (guint i = 0; i < G_N_ELEMENTS (slugs); i++)
    {
      gboolean sso = g_rand_boolean (demo->rand);
      KhCommand *set = demo_command (demo, "SET");
      KhCommand *sadd;

      kh_command_add_printf (set, "tenant:%s:config", slugs[i]);
      kh_command_add_printf (set, "{\"tenant\":\"%s\",\"plan\":\"%s\",\"region\":\"%s\",\"seats\":%d,"
                                  "\"sso\":{\"enabled\":%s,\"provider\":%s%s%s},"
                                  "\"limits\":{\"api_rpm\":%d,\"storage_gb\":%d},"
                                  "\"webhook_url\":\"https://hooks.%s.example/keyhole\"}",
                             slugs[i], PICK (demo, tenant_plans), PICK (demo, regions),
                             g_rand_int_range (demo->rand, 5, 500), sso ? "true" : "false",
                             sso ? "\"" : "", sso ? PICK (demo, providers) : "null", sso ? "\"" : "",
                             600 * g_rand_int_range (demo->rand, 1, 11), 50 * g_rand_int_range (demo->rand, 1, 21),
                             slugs[i]);

      sadd = demo_command (demo, "SADD");
      kh_command_add_printf (sadd, "tenant:%s:flags", slugs[i]);
      kh_command_add (sadd, flags[i % G_N_ELEMENTS (flags)]);
      for (guint f = 0; f < G_N_ELEMENTS (flags); f++)
        if (g_rand_int_range (demo->rand, 0, 3) == 0)
          kh_command_add (sadd, flags[f]);
    }
}

static void
demo_leaderboard (Demo *demo)
{
  KhCommand *zadd = demo_command (demo, "ZADD");

  kh_command_add (zadd, "leaderboard:weekly");
  for (guint i = 0; i < 200; i++)
    {
      kh_command_add_int (zadd, g_rand_int_range (demo->rand, 0, 10000));
      /* 7919 is prime: 200 distinct users out of 500. */
      kh_command_add_printf (zadd, "user:%u", 1 + (i * 7919) % 500);
    }
}

static void
demo_queues (Demo *demo)
{
  static const char * const templates[] = { "welcome", "password_reset", "invoice", "weekly_digest", "invite" };
  static const char * const events[] = { "invoice.paid", "invoice.payment_failed", "project.created", "member.invited", "deploy.finished" };
  guint n_emails = g_rand_int_range (demo->rand, 50, 201);
  guint n_hooks = g_rand_int_range (demo->rand, 50, 201);
  KhCommand *push = NULL;

  for (guint i = 0; i < n_emails; i++)
    {
      g_autofree char *id = demo_token (demo, HEX, 12);
      g_autofree char *name = NULL;
      g_autofree char *email = NULL;
      g_autofree char *enqueued = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 0, 3600));

      if (i % 50 == 0)
        {
          push = demo_command (demo, "RPUSH");
          kh_command_add (push, "queue:emails");
        }
      demo_name (demo, g_rand_int_range (demo->rand, 1, 501), &name, &email);
      kh_command_add_printf (push, "{\"id\":\"job_%s\",\"type\":\"send_email\",\"template\":\"%s\","
                                   "\"to\":\"%s\",\"attempts\":%d,\"enqueued_at\":\"%s\"}",
                             id, PICK (demo, templates), email, g_rand_int_range (demo->rand, 0, 3), enqueued);
    }

  for (guint i = 0; i < n_hooks; i++)
    {
      g_autofree char *id = demo_token (demo, HEX, 12);
      g_autofree char *invoice = demo_token (demo, URLSAFE, 14);
      g_autofree char *enqueued = demo_time (DEMO_EPOCH - g_rand_int_range (demo->rand, 0, 3600));

      if (i % 50 == 0)
        {
          push = demo_command (demo, "RPUSH");
          kh_command_add (push, "queue:webhooks");
        }
      kh_command_add_printf (push, "{\"id\":\"wh_%s\",\"url\":\"https://hooks.example.com/%u\","
                                   "\"event\":\"%s\",\"payload\":{\"invoice_id\":\"in_%s\",\"amount\":%d,"
                                   "\"currency\":\"eur\"},\"attempts\":%d,\"enqueued_at\":\"%s\"}",
                             id, g_rand_int_range (demo->rand, 1, 40), PICK (demo, events), invoice,
                             100 * g_rand_int_range (demo->rand, 5, 500), g_rand_int_range (demo->rand, 0, 5),
                             enqueued);
    }
}

static void
demo_orders (Demo *demo)
{
  static const char * const statuses[] = { "created", "paid", "paid", "shipped", "delivered", "refunded" };
  static const char * const currencies[] = { "EUR", "USD", "GBP" };

  for (guint i = 0; i < 500; i++)
    {
      KhCommand *xadd = demo_command (demo, "XADD");

      kh_command_add (xadd, "events:orders");
      kh_command_add (xadd, "*");
      kh_command_add (xadd, "order_id");
      kh_command_add_printf (xadd, "ord_%05u", 10000 + i);
      kh_command_add (xadd, "customer");
      kh_command_add_printf (xadd, "user:%d", g_rand_int_range (demo->rand, 1, 501));
      kh_command_add (xadd, "status");
      kh_command_add (xadd, PICK (demo, statuses));
      kh_command_add (xadd, "amount_cents");
      kh_command_add_int (xadd, g_rand_int_range (demo->rand, 500, 50000));
      kh_command_add (xadd, "currency");
      kh_command_add (xadd, PICK (demo, currencies));
      kh_command_add (xadd, "items");
      kh_command_add_int (xadd, g_rand_int_range (demo->rand, 1, 8));
    }
}

static GBytes *
gzip_bytes (const char *data,
            gsize       len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  /* In memory: these cannot fail. */
  g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
demo_binary_and_large (Demo *demo)
{
  /* A pickled Python dict, as Django's cache stores it, under a Latin-1 key. */
  static const char pickled[] = "\x80\x04\x95 \x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x04lang\x94\x8c\x02" "fr\x94\x8c\x05theme\x94\x8c\x04" "dark\x94u.";
  static const char latin1_key[] = "legacy:pr\xe9" "f\xe9rences:42";
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GString) report = g_string_new ("date,region,plan,orders,revenue_cents,refunds,new_users\n");
  g_autoptr(GBytes) gz = NULL;
  KhCommand *set;

  for (guint id = 1; id <= 200; id++)
    {
      g_autofree char *project = demo_project_json (demo, id);

      g_string_append_printf (json, "%s%s", id > 1 ? "," : "", project);
    }
  g_string_append_c (json, ']');
  gz = gzip_bytes (json->str, json->len);
  set = demo_command (demo, "SET");
  kh_command_add (set, "cache:blob:gz");
  kh_command_add_bytes (set, gz);

  set = demo_command (demo, "SET");
  kh_command_add_len (set, latin1_key, sizeof latin1_key - 1);
  kh_command_add_len (set, pickled, sizeof pickled - 1);

  /* A nightly report someone cached whole: about 2 MiB of CSV. */
  for (guint row = 0; report->len < 2 * 1024 * 1024; row++)
    {
      static const char * const report_regions[] = { "eu-west", "us-east", "ap-south", "sa-east" };
      g_autofree char *day = demo_time (DEMO_EPOCH - (gint64) (row / 32) * 24 * 3600);

      day[10] = '\0';
      g_string_append_printf (report, "%s,%s,%s,%d,%d,%d,%d\n", day, report_regions[row % 4],
                              plans[(row / 4) % G_N_ELEMENTS (plans)],
                              g_rand_int_range (demo->rand, 0, 900), g_rand_int_range (demo->rand, 0, 5000000),
                              g_rand_int_range (demo->rand, 0, 12), g_rand_int_range (demo->rand, 0, 300));
    }
  set = demo_command (demo, "SET");
  kh_command_add (set, "cache:report:large");
  kh_command_add_len (set, report->str, report->len);
  kh_command_add (set, "EX");
  kh_command_add (set, "86400");
}

static void
demo_second_database (Demo *demo)
{
  static const char * const pages[] = {
    "/", "/pricing", "/docs", "/docs/quickstart", "/blog", "/login", "/signup", "/changelog",
    "/about", "/careers",
  };

  kh_command_add (demo_command (demo, "SELECT"), "1");
  for (guint day = 1; day <= 30; day++)
    for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
      {
        KhCommand *set = demo_command (demo, "SET");

        kh_command_add_printf (set, "db1:pageviews:2024-12-%02u:%s", day, pages[p]);
        kh_command_add_int (set, g_rand_int_range (demo->rand, 10, 20000));
      }
  kh_command_add (demo_command (demo, "SELECT"), "0");
}

static GPtrArray *
demo_commands_new (void)
{
  Demo demo = { 0 };

  demo.commands = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_command_free);
  demo.rand = g_rand_new_with_seed (DEMO_SEED);

  demo_rate_limits (&demo);
  demo_cached_responses (&demo);
  demo_sessions (&demo);
  demo_users (&demo);
  demo_circuits (&demo);
  demo_tenants (&demo);
  demo_leaderboard (&demo);
  demo_queues (&demo);
  demo_orders (&demo);
  demo_binary_and_large (&demo);
  demo_second_database (&demo);

  g_rand_free (demo.rand);
  return demo.commands;
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
  self->commands = demo_commands_new ();
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
  prepare->base = g_build_filename (g_get_user_runtime_dir (), "keyhole", NULL);
  prepare_task = g_task_new (self, NULL, on_prepared, g_steal_pointer (&task));
  g_task_set_task_data (prepare_task, prepare, (GDestroyNotify) prepare_free);
  g_task_run_in_thread (prepare_task, prepare_thread);
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
