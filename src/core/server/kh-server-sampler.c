/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-server-sampler.c: one session's INFO samples, taken at an interval from the moment it opens
 *
 * History belongs to the connection, not to the page that draws it: the sampler starts
 * with the session and sends one INFO round trip per interval on the session's own
 * connection, whether or not the Server page is shown. Economy-mode profiles are the
 * exception: there every command counts (and managed services may bill it), so samples
 * are taken only while a view watches. Whenever an interval goes by without a sample
 * (paused, connection lost) the metrics get a gap, so the charts break the line rather
 * than draw an average across it as if it were a moment.
 *
 * When a server refuses INFO everything (some proxies do), the plan falls back to plain
 * INFO plus commandstats, then to one INFO per section. Keyhole's own commands between
 * two samples are counted per name by the connection, and taken off the rates.
 */
#include "config.h"

#include "kh-server-sampler.h"

#include "kh-command.h"
#include "kh-error.h"

struct _KhServerSampler
{
  GObject       parent_instance;

  KhSession    *session;
  KhMetrics    *metrics;
  GCancellable *cancellable;

  guint         interval_ms;
  gboolean      economy;
  gboolean      watched;
  gboolean      stopped;
  gboolean      constructed;      /* settings before this are taken as they come */
  guint         poll_source;
  gboolean      poll_in_flight;
  gboolean      paused;           /* an interval went by without sampling */
  /* INFO arguments sent each poll: "everything", or "" for plain INFO, or sections. */
  GPtrArray    *plan;
  guint         n_samples;
  GHashTable   *sent_baseline;    /* commands sent by name when the last sample's poll went out */
  GError       *error;

  char         *save_config;
  gboolean      save_config_asked;
};

G_DEFINE_FINAL_TYPE (KhServerSampler, kh_server_sampler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_INTERVAL,
  PROP_ECONOMY,
  PROP_POLLING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Sections asked for one by one when INFO without arguments is refused too. */
static const char * const fallback_sections[] = {
  "server", "clients", "memory", "persistence", "stats", "replication", "keyspace", "commandstats",
};

static void kh_server_sampler_poll (KhServerSampler *self);

/* One poll: the INFO commands of the plan, pipelined. */
typedef struct {
  KhServerSampler *self;         /* strong */
  GCancellable    *cancellable;
  GHashTable      *sent_before;  /* the session's command counts before sending */
  GPtrArray       *sections;     /* the plan when sent */
  GPtrArray       *texts;        /* one reply text or NULL per section */
  GPtrArray       *refused;      /* sections the server answered with an error */
  GError          *error;        /* the first other failure */
  guint            pending;
} KhServerSamplerPoll;

typedef struct {
  KhServerSamplerPoll *poll;
  guint                index;
} KhServerSamplerRequest;

static void
kh_server_sampler_poll_free (KhServerSamplerPoll *poll)
{
  g_clear_object (&poll->self);
  g_clear_object (&poll->cancellable);
  g_hash_table_unref (poll->sent_before);
  g_ptr_array_unref (poll->sections);
  g_ptr_array_unref (poll->texts);
  g_ptr_array_unref (poll->refused);
  g_clear_error (&poll->error);
  g_free (poll);
}

/* What Keyhole sent between the last sample's poll and this one's, per name. */
static GHashTable *
kh_server_sampler_own_commands (KhServerSampler *self,
                                GHashTable      *sent_before)
{
  GHashTable *own = kh_command_counts_new ();
  GHashTableIter iter;
  gpointer name, count;

  if (self->sent_baseline == NULL)
    return own;

  g_hash_table_iter_init (&iter, sent_before);
  while (g_hash_table_iter_next (&iter, &name, &count))
    {
      guint64 now = *(guint64 *) count;
      guint64 then = kh_command_counts_get (self->sent_baseline, name);

      if (now > then)
        kh_command_counts_add (own, name, now - then);
    }
  return own;
}

static void
kh_server_sampler_add_sample (KhServerSampler     *self,
                              KhServerSamplerPoll *poll)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(KhInfo) info = NULL;
  g_autoptr(GHashTable) own = NULL;

  for (guint i = 0; i < poll->texts->len; i++)
    {
      const char *part = g_ptr_array_index (poll->texts, i);

      if (part != NULL)
        {
          g_string_append (text, part);
          g_string_append (text, "\r\n");
        }
    }
  info = kh_info_parse (text->str, text->len);

  /* Everything sent between this poll and the last one that made a sample, failed
   * probes included, ran on the server in that interval. */
  own = kh_server_sampler_own_commands (self, poll->sent_before);
  g_clear_pointer (&self->sent_baseline, g_hash_table_unref);
  self->sent_baseline = g_hash_table_ref (poll->sent_before);

  self->n_samples++;
  kh_metrics_add_sample (self->metrics, info, g_get_monotonic_time (), own);
}

/* Narrows the plan after refusals; returns TRUE when it changed. */
static gboolean
kh_server_sampler_adjust_plan (KhServerSampler *self,
                               GPtrArray       *refused)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < refused->len; i++)
    {
      const char *section = g_ptr_array_index (refused, i);
      guint index;

      if (!g_ptr_array_find_with_equal_func (self->plan, section, g_str_equal, &index))
        continue;
      g_ptr_array_remove_index (self->plan, index);
      changed = TRUE;

      if (g_str_equal (section, "everything"))
        {
          g_ptr_array_add (self->plan, g_strdup (""));
          g_ptr_array_add (self->plan, g_strdup ("commandstats"));
        }
      else if (*section == '\0')
        {
          for (guint j = 0; j < G_N_ELEMENTS (fallback_sections); j++)
            {
              if (!g_ptr_array_find_with_equal_func (self->plan, fallback_sections[j], g_str_equal, NULL))
                g_ptr_array_add (self->plan, g_strdup (fallback_sections[j]));
            }
        }
      /* A refused single section just stays out. */
    }
  return changed;
}

static void
kh_server_sampler_poll_done (KhServerSamplerPoll *poll)
{
  KhServerSampler *self = poll->self;
  gboolean have_text = FALSE;
  gboolean plan_changed;

  if (g_cancellable_is_cancelled (poll->cancellable))
    return;

  self->poll_in_flight = FALSE;
  plan_changed = kh_server_sampler_adjust_plan (self, poll->refused);

  for (guint i = 0; i < poll->texts->len; i++)
    have_text |= g_ptr_array_index (poll->texts, i) != NULL;

  if (have_text)
    {
      g_clear_error (&self->error);
      kh_server_sampler_add_sample (self, poll);
    }
  else if (plan_changed && self->plan->len > 0)
    {
      /* Nothing came back yet: try the narrower plan now rather than in a poll interval. */
      kh_server_sampler_poll (self);
      return;
    }
  else if (poll->error != NULL)
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&poll->error);
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_info_reply (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KhServerSamplerRequest *request = user_data;
  KhServerSamplerPoll *poll = request->poll;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply != NULL)
    {
      char *text = kh_reply_dup_text (reply);

      g_free (g_ptr_array_index (poll->texts, request->index));
      g_ptr_array_index (poll->texts, request->index) = text;
    }
  else if (g_error_matches (error, KH_ERROR, KH_ERROR_SERVER))
    g_ptr_array_add (poll->refused, g_strdup (g_ptr_array_index (poll->sections, request->index)));
  else if (poll->error == NULL)
    poll->error = g_steal_pointer (&error);

  g_free (request);
  if (--poll->pending == 0)
    {
      kh_server_sampler_poll_done (poll);
      kh_server_sampler_poll_free (poll);
    }
}

static void
on_save_config (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KhServerSampler) self = user_data;
  g_autoptr(KhReply) reply = NULL;
  const KhReply *value;

  reply = kh_session_send_finish (KH_SESSION (object), result, NULL);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  /* CONFIG GET save: ["save", "3600 1 300 100"], [] where CONFIG hides it. */
  if (reply == NULL || !kh_reply_is_array (reply) || reply->len < 2)
    return;
  value = kh_reply_get_element (reply, 1);
  g_free (self->save_config);
  self->save_config = kh_reply_dup_text (value);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Snapshots on or off is a setting, not in INFO: asked once per connection. */
static void
kh_server_sampler_ask_save_config (KhServerSampler *self)
{
  KhCommand *command;

  if (self->save_config_asked)
    return;
  self->save_config_asked = TRUE;
  command = kh_command_new_va ("CONFIG", "GET", "save", NULL);
  kh_session_send_async (self->session, command, self->cancellable, on_save_config, g_object_ref (self));
}

static void
kh_server_sampler_poll (KhServerSampler *self)
{
  KhServerSamplerPoll *poll;

  if (self->poll_in_flight || self->plan->len == 0)
    return;
  if (kh_session_get_state (self->session) != KH_SESSION_READY)
    return;

  poll = g_new0 (KhServerSamplerPoll, 1);
  poll->self = g_object_ref (self);
  poll->cancellable = g_object_ref (self->cancellable);
  poll->sent_before = kh_session_dup_command_counts (self->session);
  poll->sections = g_ptr_array_new_with_free_func (g_free);
  poll->texts = g_ptr_array_new_with_free_func (g_free);
  poll->refused = g_ptr_array_new_with_free_func (g_free);
  poll->pending = self->plan->len;
  self->poll_in_flight = TRUE;

  for (guint i = 0; i < self->plan->len; i++)
    {
      const char *section = g_ptr_array_index (self->plan, i);
      KhServerSamplerRequest *request = g_new0 (KhServerSamplerRequest, 1);
      KhCommand *command;

      g_ptr_array_add (poll->sections, g_strdup (section));
      g_ptr_array_add (poll->texts, NULL);
      request->poll = poll;
      request->index = i;

      command = kh_command_new ("INFO");
      if (*section != '\0')
        kh_command_add (command, section);
      kh_session_send_async (self->session, command, self->cancellable, on_info_reply, request);
    }
  kh_server_sampler_ask_save_config (self);
}

static gboolean
on_poll_timeout (gpointer user_data)
{
  kh_server_sampler_poll (KH_SERVER_SAMPLER (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
kh_server_sampler_wants_polling (KhServerSampler *self)
{
  if (self->stopped || kh_session_get_state (self->session) != KH_SESSION_READY)
    return FALSE;
  return !self->economy || self->watched;
}

static void
kh_server_sampler_update_polling (KhServerSampler *self,
                                  gboolean         restart)
{
  gboolean want = kh_server_sampler_wants_polling (self);
  gboolean polling = self->poll_source != 0;

  if (want && polling && !restart)
    return;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (want)
    {
      self->poll_source = g_timeout_add (self->interval_ms, on_poll_timeout, self);
      if (!polling)
        {
          /* Samples stopped for a while: the charts show it as a break. */
          if (self->paused)
            kh_metrics_add_gap (self->metrics, g_get_monotonic_time ());
          self->paused = FALSE;
          kh_server_sampler_poll (self);
        }
    }
  else if (polling)
    self->paused = TRUE;

  if (want != polling)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLING]);
}

static void
on_session_state (KhServerSampler *self)
{
  KhSessionState state = kh_session_get_state (self->session);

  if (state != KH_SESSION_READY)
    {
      /* A poll in flight fails with the connection. The setting may change with a restart. */
      self->save_config_asked = FALSE;
      if (self->n_samples > 0)
        kh_metrics_add_gap (self->metrics, g_get_monotonic_time ());
    }
  kh_server_sampler_update_polling (self, FALSE);
}

/* GObject */

static void
kh_server_sampler_constructed (GObject *object)
{
  KhServerSampler *self = KH_SERVER_SAMPLER (object);

  G_OBJECT_CLASS (kh_server_sampler_parent_class)->constructed (object);

  g_return_if_fail (KH_IS_SESSION (self->session));
  g_signal_connect_object (self->session, "notify::state", G_CALLBACK (on_session_state),
                           self, G_CONNECT_SWAPPED);
  self->constructed = TRUE;
  kh_server_sampler_update_polling (self, FALSE);
}

static void
kh_server_sampler_dispose (GObject *object)
{
  KhServerSampler *self = KH_SERVER_SAMPLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kh_server_sampler_parent_class)->dispose (object);
}

static void
kh_server_sampler_finalize (GObject *object)
{
  KhServerSampler *self = KH_SERVER_SAMPLER (object);

  g_clear_object (&self->metrics);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->plan, g_ptr_array_unref);
  g_clear_pointer (&self->sent_baseline, g_hash_table_unref);
  g_clear_error (&self->error);
  g_free (self->save_config);

  G_OBJECT_CLASS (kh_server_sampler_parent_class)->finalize (object);
}

static void
kh_server_sampler_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KhServerSampler *self = KH_SERVER_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;
    case PROP_ECONOMY:
      g_value_set_boolean (value, self->economy);
      break;
    case PROP_POLLING:
      g_value_set_boolean (value, self->poll_source != 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_server_sampler_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KhServerSampler *self = KH_SERVER_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_INTERVAL:
      kh_server_sampler_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_ECONOMY:
      kh_server_sampler_set_economy (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_server_sampler_class_init (KhServerSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kh_server_sampler_constructed;
  object_class->dispose = kh_server_sampler_dispose;
  object_class->finalize = kh_server_sampler_finalize;
  object_class->get_property = kh_server_sampler_get_property;
  object_class->set_property = kh_server_sampler_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 50, 60 * 60 * 1000, KH_SERVER_SAMPLER_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ECONOMY] =
    g_param_spec_boolean ("economy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLLING] =
    g_param_spec_boolean ("polling", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After each poll, with or without a sample, and when a setting was learned. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kh_server_sampler_init (KhServerSampler *self)
{
  self->metrics = kh_metrics_new ();
  self->cancellable = g_cancellable_new ();
  self->interval_ms = KH_SERVER_SAMPLER_DEFAULT_INTERVAL_MS;
  self->plan = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->plan, g_strdup ("everything"));
}

KhServerSampler *
kh_server_sampler_new (KhSession *session,
                       gboolean   economy)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);

  return g_object_new (KH_TYPE_SERVER_SAMPLER, "session", session, "economy", economy, NULL);
}

KhSession *
kh_server_sampler_get_session (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), NULL);

  return self->session;
}

KhMetrics *
kh_server_sampler_get_metrics (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), NULL);

  return self->metrics;
}

guint
kh_server_sampler_get_interval (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), 0);

  return self->interval_ms;
}

void
kh_server_sampler_set_interval (KhServerSampler *self,
                                guint            interval_ms)
{
  g_return_if_fail (KH_IS_SERVER_SAMPLER (self));
  g_return_if_fail (interval_ms > 0);

  if (self->interval_ms == interval_ms)
    return;

  self->interval_ms = interval_ms;
  if (self->poll_source != 0)
    kh_server_sampler_update_polling (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

gboolean
kh_server_sampler_get_economy (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), FALSE);

  return self->economy;
}

void
kh_server_sampler_set_economy (KhServerSampler *self,
                               gboolean         economy)
{
  g_return_if_fail (KH_IS_SERVER_SAMPLER (self));

  economy = !!economy;
  if (self->economy == economy)
    return;

  self->economy = economy;
  if (self->constructed)
    kh_server_sampler_update_polling (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ECONOMY]);
}

void
kh_server_sampler_set_watched (KhServerSampler *self,
                               gboolean         watched)
{
  g_return_if_fail (KH_IS_SERVER_SAMPLER (self));

  self->watched = !!watched;
  kh_server_sampler_update_polling (self, FALSE);
}

gboolean
kh_server_sampler_get_polling (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), FALSE);

  return self->poll_source != 0;
}

guint
kh_server_sampler_get_n_samples (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), 0);

  return self->n_samples;
}

guint
kh_server_sampler_get_n_commands (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), 0);

  return self->plan->len;
}

const GError *
kh_server_sampler_get_error (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), NULL);

  return self->error;
}

gboolean
kh_server_sampler_get_unanswered (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), FALSE);

  return self->plan->len == 0;
}

const char *
kh_server_sampler_get_save_config (KhServerSampler *self)
{
  g_return_val_if_fail (KH_IS_SERVER_SAMPLER (self), NULL);

  return self->save_config;
}

void
kh_server_sampler_stop (KhServerSampler *self)
{
  g_return_if_fail (KH_IS_SERVER_SAMPLER (self));

  self->stopped = TRUE;
  g_cancellable_cancel (self->cancellable);
  self->poll_in_flight = FALSE;
  kh_server_sampler_update_polling (self, FALSE);
}
