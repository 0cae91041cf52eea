/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-monitor.c: MONITOR on a second connection of a session
 *
 * The session's own connection is shared by every panel, and MONITOR would
 * take it over, so the monitor opens one of its own for as long as it runs
 * and closes it when stopped: CLIENT LIST goes back to what it was.
 *
 * Signals: "stopped" (GError or NULL) when the stream ends, whoever ended it;
 * "counts-changed" a few times a second at most while lines arrive.
 */
#include "config.h"

#include "kh-monitor.h"

#include "kh-bounded-list.h"
#include "kh-command-info.h"
#include "kh-error.h"

#define COUNTS_INTERVAL_MS 250
/* Distinct command names counted; the rest count as "(other)". */
#define MAX_COMMAND_NAMES 1024

struct _KhMonitor
{
  GObject        parent_instance;

  KhSession     *session;
  KhConnection  *connection;     /* while active */
  GCancellable  *cancellable;    /* of the start in progress */
  gboolean       running;
  gboolean       paused;

  KhBoundedList *lines;
  GHashTable    *counts;         /* name -> guint64 * */
  guint64        n_received;
  guint64        n_dropped;
  guint          counts_source;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_RUNNING,
  PROP_ACTIVE,
  PROP_PAUSED,
  N_PROPS
};

enum {
  SIGNAL_STOPPED,
  SIGNAL_COUNTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KhMonitor, kh_monitor, G_TYPE_OBJECT)

static gboolean
on_counts_timeout (gpointer user_data)
{
  KhMonitor *self = user_data;

  self->counts_source = 0;
  g_signal_emit (self, signals[SIGNAL_COUNTS_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
kh_monitor_queue_counts_changed (KhMonitor *self)
{
  if (self->counts_source == 0)
    self->counts_source = g_timeout_add (COUNTS_INTERVAL_MS, on_counts_timeout, self);
}

static void
kh_monitor_count (KhMonitor     *self,
                  KhMonitorLine *line)
{
  const KhCommand *command = kh_monitor_line_get_command (line);
  const char *name = kh_command_info_lookup_name (command);
  guint64 *count;

  if (name == NULL)
    name = kh_monitor_line_get_command_name (line);
  if (*name == '\0')
    return;

  count = g_hash_table_lookup (self->counts, name);
  if (count == NULL)
    {
      if (g_hash_table_size (self->counts) >= MAX_COMMAND_NAMES)
        name = "(other)";
      count = g_hash_table_lookup (self->counts, name);
      if (count == NULL)
        {
          count = g_new0 (guint64, 1);
          g_hash_table_insert (self->counts, g_strdup (name), count);
        }
    }
  (*count)++;
}

static void
on_push (KhConnection *connection,
         KhReply      *reply,
         gpointer      user_data)
{
  KhMonitor *self = user_data;
  g_autoptr(KhMonitorLine) line = NULL;

  if (reply->kind != KH_REPLY_STATUS)
    return;
  line = kh_monitor_line_parse (reply->str, reply->len, NULL);
  if (line == NULL)
    return;

  self->n_received++;
  kh_monitor_count (self, line);
  if (self->paused)
    self->n_dropped++;
  else
    kh_bounded_list_append (self->lines, line);
  kh_monitor_queue_counts_changed (self);
}

static void kh_monitor_drop_connection (KhMonitor *self);

static void
kh_monitor_set_running (KhMonitor *self,
                        gboolean   running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
on_closed (KhConnection *connection,
           GError       *error,
           gpointer      user_data)
{
  KhMonitor *self = user_data;
  gboolean was_running = self->running;

  /* A start in progress learns of it through its own callbacks. */
  if (self->cancellable != NULL)
    return;

  kh_monitor_drop_connection (self);
  if (was_running)
    g_signal_emit (self, signals[SIGNAL_STOPPED], 0, error);
}

static void
kh_monitor_drop_connection (KhMonitor *self)
{
  gboolean was_active = self->connection != NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->connection != NULL)
    {
      g_autoptr(KhConnection) connection = g_steal_pointer (&self->connection);

      g_signal_handlers_disconnect_by_data (connection, self);
      kh_connection_close (connection);
    }

  kh_bounded_list_flush (self->lines);
  kh_monitor_set_running (self, FALSE);
  if (was_active)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
on_monitor_reply (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhMonitor *self = g_task_get_source_object (task);
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  reply = kh_connection_send_finish (KH_CONNECTION (object), result, &error);
  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_error (&error);
      return;
    }
  if (reply == NULL)
    {
      GError *wrapped = g_error_new (KH_ERROR, error->domain == KH_ERROR ? error->code : KH_ERROR_FAILED,
                                     "The server refused MONITOR: %s", error->message);

      g_error_free (error);
      g_clear_object (&self->cancellable);
      kh_monitor_drop_connection (self);
      g_task_return_error (task, wrapped);
      return;
    }

  g_clear_object (&self->cancellable);
  kh_monitor_set_running (self, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhMonitor *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!kh_connection_connect_finish (KH_CONNECTION (object), result, &error))
    {
      if (g_task_return_error_if_cancelled (task))
        {
          g_error_free (error);
          return;
        }
      g_clear_object (&self->cancellable);
      kh_monitor_drop_connection (self);
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* MONITOR's OK answers this command; every line after it is a push. */
  cancellable = g_task_get_cancellable (task);
  kh_connection_command_async (self->connection, cancellable,
                               on_monitor_reply, g_steal_pointer (&task), "MONITOR", NULL);
}

typedef struct {
  GCancellable *caller;
  gulong        handler;
} StartData;

static void
start_data_free (StartData *data)
{
  if (data->caller != NULL)
    g_cancellable_disconnect (data->caller, data->handler);
  g_clear_object (&data->caller);
  g_free (data);
}

static void
on_caller_cancelled (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

void
kh_monitor_start_async (KhMonitor           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(KhConnectionConfig) config = NULL;
  const KhConnectionConfig *session_config;
  StartData *data;

  g_return_if_fail (KH_IS_MONITOR (self));

  session_config = kh_session_get_config (self->session);
  if (self->connection != NULL || session_config == NULL)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, kh_monitor_start_async);
      if (self->connection != NULL)
        g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED, "The monitor is already running");
      else
        g_task_return_new_error (task, KH_ERROR, KH_ERROR_CLOSED, "The session has no connection settings");
      return;
    }

  config = kh_connection_config_copy (session_config);
  g_free (config->client_name);
  config->client_name = g_strdup (KH_MONITOR_CLIENT_NAME);

  self->connection = kh_connection_new (config);
  kh_connection_set_push_mode (self->connection, TRUE);
  g_signal_connect (self->connection, "push", G_CALLBACK (on_push), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);

  /* Stop cancels the start through our cancellable; the caller's cancels ours. */
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_monitor_start_async);
  data = g_new0 (StartData, 1);
  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                             g_object_ref (self->cancellable), g_object_unref);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  kh_connection_connect_async (self->connection, self->cancellable, on_connected,
                               g_steal_pointer (&task));
}

gboolean
kh_monitor_start_finish (KhMonitor     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kh_monitor_stop (KhMonitor *self)
{
  gboolean was_running;

  g_return_if_fail (KH_IS_MONITOR (self));

  if (self->connection == NULL)
    return;
  was_running = self->running;
  kh_monitor_drop_connection (self);
  if (was_running)
    g_signal_emit (self, signals[SIGNAL_STOPPED], 0, NULL);
}

gboolean
kh_monitor_get_running (KhMonitor *self)
{
  g_return_val_if_fail (KH_IS_MONITOR (self), FALSE);
  return self->running;
}

gboolean
kh_monitor_get_active (KhMonitor *self)
{
  g_return_val_if_fail (KH_IS_MONITOR (self), FALSE);
  return self->connection != NULL;
}

void
kh_monitor_set_paused (KhMonitor *self,
                       gboolean   paused)
{
  g_return_if_fail (KH_IS_MONITOR (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  /* What arrived before the pause shows now, not after it. */
  if (paused)
    kh_bounded_list_flush (self->lines);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
kh_monitor_get_paused (KhMonitor *self)
{
  g_return_val_if_fail (KH_IS_MONITOR (self), FALSE);
  return self->paused;
}

guint64
kh_monitor_get_n_dropped (KhMonitor *self)
{
  g_return_val_if_fail (KH_IS_MONITOR (self), 0);
  return self->n_dropped;
}

guint64
kh_monitor_get_n_received (KhMonitor *self)
{
  g_return_val_if_fail (KH_IS_MONITOR (self), 0);
  return self->n_received;
}

GListModel *
kh_monitor_get_lines (KhMonitor *self)
{
  g_return_val_if_fail (KH_IS_MONITOR (self), NULL);
  return G_LIST_MODEL (self->lines);
}

void
kh_monitor_set_max_lines (KhMonitor *self,
                          guint      max_lines)
{
  g_return_if_fail (KH_IS_MONITOR (self));
  kh_bounded_list_set_max_items (self->lines, max_lines);
}

void
kh_monitor_clear (KhMonitor *self)
{
  g_return_if_fail (KH_IS_MONITOR (self));

  kh_bounded_list_clear (self->lines);
  g_hash_table_remove_all (self->counts);
  self->n_received = 0;
  self->n_dropped = 0;
  g_signal_emit (self, signals[SIGNAL_COUNTS_CHANGED], 0);
}

guint64
kh_monitor_get_command_count (KhMonitor  *self,
                              const char *name)
{
  g_autofree char *upper = NULL;
  guint64 *count;

  g_return_val_if_fail (KH_IS_MONITOR (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  upper = g_ascii_strup (name, -1);
  count = g_hash_table_lookup (self->counts, upper);
  return count != NULL ? *count : 0;
}

static gint
compare_by_count (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GHashTable *counts = user_data;
  const char *name_a = *(const char * const *) a;
  const char *name_b = *(const char * const *) b;
  guint64 count_a = *(guint64 *) g_hash_table_lookup (counts, name_a);
  guint64 count_b = *(guint64 *) g_hash_table_lookup (counts, name_b);

  if (count_a != count_b)
    return count_a > count_b ? -1 : 1;
  return g_strcmp0 (name_a, name_b);
}

char **
kh_monitor_dup_command_names (KhMonitor *self)
{
  GPtrArray *names;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (KH_IS_MONITOR (self), NULL);

  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort_with_data (names, compare_by_count, self->counts);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

KhSession *
kh_monitor_get_session (KhMonitor *self)
{
  g_return_val_if_fail (KH_IS_MONITOR (self), NULL);
  return self->session;
}

KhMonitor *
kh_monitor_new (KhSession *session)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  return g_object_new (KH_TYPE_MONITOR, "session", session, NULL);
}

static void
kh_monitor_dispose (GObject *object)
{
  KhMonitor *self = KH_MONITOR (object);

  kh_monitor_drop_connection (self);
  g_clear_handle_id (&self->counts_source, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kh_monitor_parent_class)->dispose (object);
}

static void
kh_monitor_finalize (GObject *object)
{
  KhMonitor *self = KH_MONITOR (object);

  g_object_unref (self->lines);
  g_hash_table_unref (self->counts);

  G_OBJECT_CLASS (kh_monitor_parent_class)->finalize (object);
}

static void
kh_monitor_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KhMonitor *self = KH_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->connection != NULL);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_monitor_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KhMonitor *self = KH_MONITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_PAUSED:
      kh_monitor_set_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_monitor_class_init (KhMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_monitor_dispose;
  object_class->finalize = kh_monitor_finalize;
  object_class->get_property = kh_monitor_get_property;
  object_class->set_property = kh_monitor_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The stream ended: stopped (NULL) or the connection was lost (its error). */
  signals[SIGNAL_STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* Counts, received or dropped lines changed; emitted a few times a second at most. */
  signals[SIGNAL_COUNTS_CHANGED] =
    g_signal_new ("counts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_monitor_init (KhMonitor *self)
{
  self->lines = kh_bounded_list_new (KH_TYPE_MONITOR_LINE, KH_MONITOR_MAX_LINES);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
