/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session.c: one open connection profile
 *
 * A session owns one KhConnection at a time. Opening it connects, then learns
 * the server with a single pipelined round trip (INFO server, INFO memory,
 * COMMAND COUNT, COMMAND LIST, CONFIG GET databases). When the connection is
 * lost the session reconnects with exponential backoff and keeps the selected
 * database; commands sent meanwhile fail at once rather than queueing up.
 */
#include "config.h"

#include "kh-session.h"
#include "kh-session-private.h"

#include <stdlib.h>
#include <string.h>

#include "kh-command-info.h"
#include "kh-error.h"

#define CLIENT_NAME "keyhole"
#define RECONNECT_FIRST_MS 500
#define RECONNECT_MAX_MS 30000

G_DEFINE_FINAL_TYPE (KhSession, kh_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_READ_ONLY,
  PROP_DATABASE,
  PROP_COMMANDS_SENT,
  PROP_SERVER_KIND,
  PROP_SERVER_VERSION,
  PROP_MODE,
  PROP_MAXMEMORY,
  PROP_MAXMEMORY_POLICY,
  PROP_N_DATABASES,
  PROP_RECONNECT_ATTEMPT,
  N_PROPS
};

enum {
  SIGNAL_DISCONNECTED,
  SIGNAL_RECONNECTING,
  SIGNAL_RECONNECTED,
  SIGNAL_KEY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void kh_session_schedule_reconnect (KhSession *self);
static void kh_session_relearn            (KhSession *self);

static void
kh_source_destroy_and_unref (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
kh_session_set_state (KhSession      *self,
                      KhSessionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
kh_session_set_attempt (KhSession *self,
                        guint      attempt)
{
  if (self->attempt == attempt)
    return;
  self->attempt = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_ATTEMPT]);
}

/* Counting: pipelined bursts coalesce into one notification. */

static gboolean
on_notify_commands_sent (gpointer user_data)
{
  KhSession *self = user_data;

  g_clear_pointer (&self->notify_source, g_source_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMANDS_SENT]);
  return G_SOURCE_REMOVE;
}

static void
kh_session_queue_notify_sent (KhSession *self)
{
  if (self->notify_source != NULL)
    return;
  self->notify_source = g_idle_source_new ();
  g_source_set_callback (self->notify_source, on_notify_commands_sent, self, NULL);
  g_source_attach (self->notify_source, NULL);
}

/* The connection */

static void on_connection_closed (KhConnection *connection, const GError *error, KhSession *self);

static KhConnection *
kh_session_attach_connection (KhSession *self)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_copy (self->config);

  g_assert (self->connection == NULL);
  config->database = (gint) self->database;
  self->connection = kh_connection_new (config);
  self->closed_id = g_signal_connect_object (self->connection, "closed",
                                             G_CALLBACK (on_connection_closed), self, 0);
  return self->connection;
}

/* Forgets the connection, closing it if needed; its counter is kept. */
static void
kh_session_detach_connection (KhSession *self)
{
  g_autoptr(KhConnection) connection = g_steal_pointer (&self->connection);

  if (connection == NULL)
    return;
  g_clear_signal_handler (&self->closed_id, connection);
  self->commands_base += kh_connection_get_commands_sent (connection);
  kh_connection_add_command_counts (connection, self->commands_base_by_name);
  kh_connection_close (connection);
  kh_session_queue_notify_sent (self);
}

static void
on_connection_closed (KhConnection *connection,
                      const GError *error,
                      KhSession    *self)
{
  g_autoptr(KhSession) hold = g_object_ref (self);

  /* While connecting, the connect callbacks handle failures. */
  if (connection != self->connection || self->state != KH_SESSION_READY)
    return;

  kh_session_detach_connection (self);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, error);
  if (self->state == KH_SESSION_READY)
    kh_session_schedule_reconnect (self);
}

/* Reconnecting */

static void
on_reconnect_connected (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(KhSession) self = user_data;
  KhConnection *connection = KH_CONNECTION (object);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = kh_connection_connect_finish (connection, result, &error);
  if (connection != self->connection || self->state != KH_SESSION_RECONNECTING)
    return; /* closed meanwhile */

  if (!ok)
    {
      g_debug ("Reconnect attempt %u to %s failed: %s", self->attempt, self->description, error->message);
      kh_session_detach_connection (self);
      kh_session_schedule_reconnect (self);
      return;
    }

  kh_session_set_attempt (self, 0);
  kh_session_set_state (self, KH_SESSION_READY);
  kh_session_queue_notify_sent (self);
  g_signal_emit (self, signals[SIGNAL_RECONNECTED], 0);
  kh_session_relearn (self);
}

/* After a reconnect, the server may not be the one that went away: a
 * managed service's maintenance upgrades it, a restart resets what CONFIG
 * SET changed. Its kind, version and memory settings are asked again, in
 * one round trip; which commands it has is not (COMMAND is large). */
typedef enum {
  RELEARN_SERVER,
  RELEARN_MEMORY,
  N_RELEARN
} RelearnSlot;

typedef struct _Relearn Relearn;

typedef struct {
  Relearn     *relearn;
  RelearnSlot  slot;
} RelearnCall;

struct _Relearn {
  KhSession    *self;
  KhConnection *connection;
  RelearnCall   calls[N_RELEARN];
  KhReply      *replies[N_RELEARN];
  guint         pending;
};

static void
on_relearn_reply (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RelearnCall *call = user_data;
  Relearn *relearn = call->relearn;
  KhSession *self = relearn->self;

  relearn->replies[call->slot] = kh_session_send_finish (KH_SESSION (object), result, NULL);
  if (--relearn->pending > 0)
    return;

  /* Both INFO sections, from the connection they were asked on */
  if (relearn->replies[RELEARN_SERVER] != NULL && relearn->replies[RELEARN_MEMORY] != NULL &&
      self->connection == relearn->connection && self->state == KH_SESSION_READY)
    {
      kh_session_learn_info (self, relearn->replies[RELEARN_SERVER], relearn->replies[RELEARN_MEMORY]);
      g_object_freeze_notify (G_OBJECT (self));
      for (guint i = PROP_SERVER_KIND; i <= PROP_MAXMEMORY_POLICY; i++)
        g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
      g_object_thaw_notify (G_OBJECT (self));
    }
  for (guint i = 0; i < N_RELEARN; i++)
    g_clear_pointer (&relearn->replies[i], kh_reply_unref);
  g_clear_object (&relearn->connection);
  g_object_unref (relearn->self);
  g_free (relearn);
}

static void
kh_session_relearn (KhSession *self)
{
  const char *sections[N_RELEARN] = { [RELEARN_SERVER] = "server", [RELEARN_MEMORY] = "memory" };
  Relearn *relearn;

  if (self->state != KH_SESSION_READY || self->connection == NULL)
    return; /* a "reconnected" handler closed it */
  relearn = g_new0 (Relearn, 1);
  relearn->self = g_object_ref (self);
  relearn->connection = g_object_ref (self->connection);
  relearn->pending = N_RELEARN;
  for (guint i = 0; i < N_RELEARN; i++)
    {
      relearn->calls[i] = (RelearnCall) { relearn, (RelearnSlot) i };
      kh_session_send_async (self, kh_command_new_va ("INFO", sections[i], NULL), NULL,
                             on_relearn_reply, &relearn->calls[i]);
    }
}

static gboolean
on_reconnect_timeout (gpointer user_data)
{
  KhSession *self = user_data;
  KhConnection *connection;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  connection = kh_session_attach_connection (self);
  kh_connection_connect_async (connection, NULL, on_reconnect_connected, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* 0.5 s, 1 s, 2 s… up to 30 s, each within ±10 % so that many clients
 * dropped together do not come back in step. */
static guint
kh_session_backoff_ms (guint attempt)
{
  guint64 delay = RECONNECT_FIRST_MS;

  for (guint i = 1; i < attempt && delay < RECONNECT_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, RECONNECT_MAX_MS);
  return (guint) (delay * g_random_double_range (0.9, 1.1));
}

gboolean
kh_session_reconnect_now (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), FALSE);

  if (self->state != KH_SESSION_RECONNECTING || self->reconnect_source == NULL)
    return FALSE;
  g_source_destroy (self->reconnect_source);
  on_reconnect_timeout (self);
  return TRUE;
}

static void
kh_session_schedule_reconnect (KhSession *self)
{
  guint delay_ms;

  g_assert (self->reconnect_source == NULL);
  kh_session_set_attempt (self, self->attempt + 1);
  delay_ms = kh_session_backoff_ms (self->attempt);
  kh_session_set_state (self, KH_SESSION_RECONNECTING);

  self->reconnect_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->reconnect_source, on_reconnect_timeout, self, NULL);
  g_source_attach (self->reconnect_source, NULL);

  g_signal_emit (self, signals[SIGNAL_RECONNECTING], 0, self->attempt, delay_ms);
}

void
kh_session_key_changed (KhSession   *self,
                        GBytes      *key,
                        KhKeyChange  change)
{
  g_return_if_fail (KH_IS_SESSION (self));

  g_signal_emit (self, signals[SIGNAL_KEY_CHANGED], 0, key, (guint) change);
}

/* Learning the server */

typedef enum {
  PROBE_INFO_SERVER,
  PROBE_INFO_MEMORY,
  PROBE_COMMAND_COUNT,
  PROBE_COMMAND_LIST,
  PROBE_DATABASES,
  PROBE_COMMAND_INFO,
  N_PROBES
} ProbeSlot;

typedef struct _Probe Probe;

typedef struct {
  Probe *probe;
  ProbeSlot slot;
} ProbeCall;

struct _Probe {
  GTask *task;
  KhConnection *connection;
  guint pending;
  ProbeCall calls[N_PROBES];
  KhReply *replies[N_PROBES];
  GError *errors[N_PROBES];
};

static void
probe_free (Probe *probe)
{
  for (guint i = 0; i < N_PROBES; i++)
    {
      g_clear_pointer (&probe->replies[i], kh_reply_unref);
      g_clear_error (&probe->errors[i]);
    }
  g_clear_object (&probe->connection);
  g_clear_object (&probe->task);
  g_free (probe);
}

static void kh_session_probe_send (Probe *probe, ProbeSlot slot, KhCommand *command);

static void
kh_session_probe_done (Probe *probe)
{
  KhSession *self = g_task_get_source_object (probe->task);
  GError *fatal = NULL;

  if (probe->connection != self->connection || self->state != KH_SESSION_CONNECTING)
    {
      g_task_return_new_error (probe->task, KH_ERROR, KH_ERROR_CLOSED,
                               "The session with %s was closed before it opened", self->description);
      probe_free (probe);
      return;
    }

  /* Refused probes (ACL, managed services) degrade; a lost connection does not. */
  for (guint i = 0; i < N_PROBES && fatal == NULL; i++)
    if (probe->errors[i] != NULL && !g_error_matches (probe->errors[i], KH_ERROR, KH_ERROR_SERVER))
      fatal = g_error_copy (probe->errors[i]);
  if (fatal != NULL)
    {
      kh_session_detach_connection (self);
      kh_session_set_state (self, KH_SESSION_CLOSED);
      g_task_return_error (probe->task, fatal);
      probe_free (probe);
      return;
    }

  /* COMMAND works but has no LIST (before Redis 7): ask about the commands that matter. */
  if (probe->replies[PROBE_COMMAND_COUNT] != NULL && probe->errors[PROBE_COMMAND_LIST] != NULL &&
      probe->replies[PROBE_COMMAND_INFO] == NULL && probe->errors[PROBE_COMMAND_INFO] == NULL)
    {
      kh_session_probe_send (probe, PROBE_COMMAND_INFO, kh_session_command_info_new ());
      return;
    }

  kh_session_learn_info (self, probe->replies[PROBE_INFO_SERVER], probe->replies[PROBE_INFO_MEMORY]);
  kh_session_learn_commands (self, probe->replies[PROBE_COMMAND_LIST], probe->replies[PROBE_COMMAND_INFO]);
  self->n_databases = kh_session_learn_databases (self, probe->replies[PROBE_DATABASES]);
  if (self->command_probe_failed)
    g_debug ("%s refused COMMAND; assuming the Redis 6.2 command set", self->description);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_SERVER_KIND; i <= PROP_N_DATABASES; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  kh_session_set_state (self, KH_SESSION_READY);
  kh_session_queue_notify_sent (self);
  g_object_thaw_notify (G_OBJECT (self));

  g_task_return_boolean (probe->task, TRUE);
  probe_free (probe);
}

static void
on_probe_reply (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProbeCall *call = user_data;
  Probe *probe = call->probe;

  probe->replies[call->slot] = kh_connection_send_finish (KH_CONNECTION (object), result,
                                                          &probe->errors[call->slot]);
  g_assert (probe->pending > 0);
  if (--probe->pending == 0)
    kh_session_probe_done (probe);
}

static void
kh_session_probe_send (Probe      *probe,
                       ProbeSlot   slot,
                       KhCommand  *command)
{
  probe->calls[slot].probe = probe;
  probe->calls[slot].slot = slot;
  probe->pending++;
  kh_connection_send_async (probe->connection, command, 0, g_task_get_cancellable (probe->task),
                            on_probe_reply, &probe->calls[slot]);
}

static void
on_open_connected (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhSession *self = g_task_get_source_object (task);
  KhConnection *connection = KH_CONNECTION (object);
  g_autoptr(GError) error = NULL;
  Probe *probe;

  if (!kh_connection_connect_finish (connection, result, &error))
    {
      if (connection == self->connection)
        {
          kh_session_detach_connection (self);
          kh_session_set_state (self, KH_SESSION_CLOSED);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (connection != self->connection || self->state != KH_SESSION_CONNECTING)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_CLOSED,
                               "The session with %s was closed before it opened", self->description);
      return;
    }

  probe = g_new0 (Probe, 1);
  probe->task = g_steal_pointer (&task);
  probe->connection = g_object_ref (connection);
  kh_session_probe_send (probe, PROBE_INFO_SERVER, kh_command_new_va ("INFO", "server", NULL));
  kh_session_probe_send (probe, PROBE_INFO_MEMORY, kh_command_new_va ("INFO", "memory", NULL));
  kh_session_probe_send (probe, PROBE_COMMAND_COUNT, kh_command_new_va ("COMMAND", "COUNT", NULL));
  kh_session_probe_send (probe, PROBE_COMMAND_LIST, kh_command_new_va ("COMMAND", "LIST", NULL));
  kh_session_probe_send (probe, PROBE_DATABASES, kh_command_new_va ("CONFIG", "GET", "databases", NULL));
}

void
kh_session_open_async (KhSession           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhConnection *connection;

  g_return_if_fail (KH_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_session_open_async);

  if (self->state != KH_SESSION_NEW)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               "This session was already opened; make a new one");
      return;
    }

  kh_session_set_state (self, KH_SESSION_CONNECTING);
  connection = kh_session_attach_connection (self);
  kh_connection_connect_async (connection, cancellable, on_open_connected, g_steal_pointer (&task));
}

gboolean
kh_session_open_finish (KhSession     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Sending */

/* Refused on read-only profiles: writes, and dangerous commands that change
 * the server (CONFIG SET, CLIENT KILL, SHUTDOWN…) though not KEYS, which only reads. */
static gboolean
kh_session_is_write (const KhCommand *command)
{
  KhCommandFlags flags = kh_command_info_classify (command);

  if (flags & KH_COMMAND_WRITE)
    return TRUE;
  return (flags & KH_COMMAND_DANGEROUS) && g_ascii_strcasecmp (kh_command_get_name (command), "KEYS") != 0;
}

static void
on_send_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhSession *self = g_task_get_source_object (task);
  gint selected = GPOINTER_TO_INT (g_task_get_task_data (task)) - 1;
  g_autoptr(GError) error = NULL;
  KhReply *reply;

  reply = kh_connection_send_finish (KH_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Remember the database for reconnects, if this connection is still ours. */
  if (selected >= 0 && KH_CONNECTION (object) == self->connection &&
      (guint) selected != self->database)
    {
      self->database = (guint) selected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
    }
  g_task_return_pointer (task, reply, (GDestroyNotify) kh_reply_unref);
}

void
kh_session_send_async (KhSession           *self,
                       KhCommand           *command,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(KhCommand) owned = command;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KH_IS_SESSION (self));
  g_return_if_fail (command != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_session_send_async);

  if ((self->flags & KH_SESSION_READ_ONLY) && kh_session_is_write (command))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_READ_ONLY,
                               "This profile is read-only: %s was not sent",
                               kh_command_get_name (command));
      return;
    }

  if (self->state != KH_SESSION_READY || self->connection == NULL)
    {
      switch (self->state)
        {
        case KH_SESSION_RECONNECTING:
          g_task_return_new_error (task, KH_ERROR, KH_ERROR_CLOSED,
                                   "Reconnecting to %s… (attempt %u)", self->description, self->attempt);
          break;
        case KH_SESSION_NEW:
        case KH_SESSION_CONNECTING:
          g_task_return_new_error (task, KH_ERROR, KH_ERROR_CLOSED,
                                   "Not connected to %s yet", self->description);
          break;
        case KH_SESSION_READY:
        case KH_SESSION_CLOSED:
        default:
          g_task_return_new_error (task, KH_ERROR, KH_ERROR_CLOSED,
                                   "The connection to %s is closed; open the profile again", self->description);
          break;
        }
      return;
    }

  if (g_ascii_strcasecmp (kh_command_get_name (command), "SELECT") == 0 &&
      kh_command_get_n_args (command) == 2)
    {
      gsize len;
      const char *data = kh_command_get_arg (command, 1, &len);
      g_autofree char *arg = g_strndup (data != NULL ? data : "", MIN (len, 16));
      char *end = NULL;
      gint64 db = g_ascii_strtoll (arg, &end, 10);

      if (end != arg && *end == '\0' && db >= 0 && db < G_MAXINT)
        g_task_set_task_data (task, GINT_TO_POINTER ((gint) db + 1), NULL);
    }

  kh_connection_send_async (self->connection, g_steal_pointer (&owned), 0, cancellable,
                            on_send_reply, g_steal_pointer (&task));
  kh_session_queue_notify_sent (self);
}

KhReply *
kh_session_send_finish (KhSession     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_select_reply (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
kh_session_select_database_async (KhSession           *self,
                                  guint                database,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  KhCommand *command;

  g_return_if_fail (KH_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_session_select_database_async);
  command = kh_command_new ("SELECT");
  kh_command_add_int (command, database);
  kh_session_send_async (self, command, cancellable, on_select_reply, task);
}

gboolean
kh_session_select_database_finish (KhSession     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Closing */

static void
kh_session_teardown (KhSession *self)
{
  g_clear_pointer (&self->reconnect_source, kh_source_destroy_and_unref);
  kh_session_detach_connection (self);
}

void
kh_session_close (KhSession *self)
{
  g_return_if_fail (KH_IS_SESSION (self));

  if (self->state == KH_SESSION_CLOSED)
    return;
  /* Set first: callbacks of the connection closed below see it and stop. */
  kh_session_set_state (self, KH_SESSION_CLOSED);
  kh_session_teardown (self);
  kh_session_set_attempt (self, 0);
}

/* Getters */

KhSessionState
kh_session_get_state (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), KH_SESSION_CLOSED);
  return self->state;
}

KhSessionFlags
kh_session_get_flags (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), KH_SESSION_FLAGS_NONE);
  return self->flags;
}

gboolean
kh_session_is_read_only (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), TRUE);
  return (self->flags & KH_SESSION_READ_ONLY) != 0;
}

const KhConnectionConfig *
kh_session_get_config (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), NULL);
  return self->config;
}

KhConnection *
kh_session_get_connection (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), NULL);
  return self->state == KH_SESSION_READY ? self->connection : NULL;
}

guint
kh_session_get_database (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), 0);
  return self->database;
}

KhServerKind
kh_session_get_server_kind (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), KH_SERVER_UNKNOWN);
  return self->server_kind;
}

const char *
kh_session_get_server_version (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), NULL);
  return self->server_version;
}

KhServerMode
kh_session_get_mode (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), KH_SERVER_MODE_UNKNOWN);
  return self->mode;
}

guint64
kh_session_get_maxmemory (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), 0);
  return self->maxmemory;
}

const char *
kh_session_get_maxmemory_policy (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), NULL);
  return self->maxmemory_policy;
}

gboolean
kh_session_get_command_probe_failed (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), FALSE);
  return self->command_probe_failed;
}

guint
kh_session_get_n_databases (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), 1);
  return self->n_databases;
}

guint64
kh_session_get_commands_sent (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), 0);
  return self->commands_base +
         (self->connection != NULL ? kh_connection_get_commands_sent (self->connection) : 0);
}

GHashTable *
kh_session_dup_command_counts (KhSession *self)
{
  GHashTable *counts;
  GHashTableIter iter;
  gpointer name, count;

  g_return_val_if_fail (KH_IS_SESSION (self), NULL);

  counts = kh_command_counts_new ();
  g_hash_table_iter_init (&iter, self->commands_base_by_name);
  while (g_hash_table_iter_next (&iter, &name, &count))
    kh_command_counts_add (counts, name, *(guint64 *) count);
  if (self->connection != NULL)
    kh_connection_add_command_counts (self->connection, counts);
  return counts;
}

guint
kh_session_get_reconnect_attempt (KhSession *self)
{
  g_return_val_if_fail (KH_IS_SESSION (self), 0);
  return self->attempt;
}

/* Object */

KhSession *
kh_session_new (const KhConnectionConfig *config,
                KhSessionFlags            flags)
{
  KhSession *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (KH_TYPE_SESSION, NULL);
  self->config = kh_connection_config_copy (config);
  g_free (self->config->client_name);
  self->config->client_name = g_strdup (CLIENT_NAME);
  self->flags = flags;
  self->database = config->database > 0 ? (guint) config->database : 0;
  self->description = kh_connection_config_describe (config);
  return self;
}

static void
kh_session_dispose (GObject *object)
{
  KhSession *self = KH_SESSION (object);

  kh_session_teardown (self);
  self->state = KH_SESSION_CLOSED;
  g_clear_pointer (&self->notify_source, kh_source_destroy_and_unref);

  G_OBJECT_CLASS (kh_session_parent_class)->dispose (object);
}

static void
kh_session_finalize (GObject *object)
{
  KhSession *self = KH_SESSION (object);

  g_clear_pointer (&self->config, kh_connection_config_free);
  g_free (self->description);
  g_free (self->server_version);
  g_free (self->maxmemory_policy);
  g_clear_pointer (&self->commands, g_hash_table_unref);
  g_clear_pointer (&self->commands_base_by_name, g_hash_table_unref);

  G_OBJECT_CLASS (kh_session_parent_class)->finalize (object);
}

static void
kh_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhSession *self = KH_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, kh_session_is_read_only (self));
      break;
    case PROP_DATABASE:
      g_value_set_uint (value, self->database);
      break;
    case PROP_COMMANDS_SENT:
      g_value_set_uint64 (value, kh_session_get_commands_sent (self));
      break;
    case PROP_SERVER_KIND:
      g_value_set_enum (value, self->server_kind);
      break;
    case PROP_SERVER_VERSION:
      g_value_set_string (value, self->server_version);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_MAXMEMORY:
      g_value_set_uint64 (value, self->maxmemory);
      break;
    case PROP_MAXMEMORY_POLICY:
      g_value_set_string (value, self->maxmemory_policy);
      break;
    case PROP_N_DATABASES:
      g_value_set_uint (value, self->n_databases);
      break;
    case PROP_RECONNECT_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_session_class_init (KhSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = kh_session_dispose;
  object_class->finalize = kh_session_finalize;
  object_class->get_property = kh_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KH_TYPE_SESSION_STATE, KH_SESSION_NEW, flags);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, flags);
  properties[PROP_DATABASE] =
    g_param_spec_uint ("database", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_COMMANDS_SENT] =
    g_param_spec_uint64 ("commands-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_SERVER_KIND] =
    g_param_spec_enum ("server-kind", NULL, NULL, KH_TYPE_SERVER_KIND, KH_SERVER_UNKNOWN, flags);
  properties[PROP_SERVER_VERSION] =
    g_param_spec_string ("server-version", NULL, NULL, NULL, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, KH_TYPE_SERVER_MODE, KH_SERVER_MODE_UNKNOWN, flags);
  properties[PROP_MAXMEMORY] =
    g_param_spec_uint64 ("maxmemory", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_MAXMEMORY_POLICY] =
    g_param_spec_string ("maxmemory-policy", NULL, NULL, NULL, flags);
  properties[PROP_N_DATABASES] =
    g_param_spec_uint ("n-databases", NULL, NULL, 0, G_MAXUINT, 1, flags);
  properties[PROP_RECONNECT_ATTEMPT] =
    g_param_spec_uint ("reconnect-attempt", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The connection was lost; carries the reason. Reconnecting follows. */
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* A reconnect attempt (1, 2…) is scheduled in delay_ms milliseconds. */
  signals[SIGNAL_RECONNECTING] =
    g_signal_new ("reconnecting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* See kh_session_key_changed(); the key may be NULL. */
  signals[SIGNAL_KEY_CHANGED] =
    g_signal_new ("key-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_UINT);
}

static void
kh_session_init (KhSession *self)
{
  self->state = KH_SESSION_NEW;
  self->n_databases = 1;
  self->commands_base_by_name = kh_command_counts_new ();
}
