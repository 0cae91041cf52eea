/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-pubsub.c: Pub/Sub for a session
 *
 * A subscribed connection can do nothing else, so subscriptions live on a
 * second connection, opened by the first subscription and closed with the
 * last. Each (P)SUBSCRIBE names one channel, so that an error reply (an ACL
 * refusal) can be matched to the subscription it refuses: the server answers
 * in order. A lost connection is reopened with backoff while subscriptions
 * remain, and they are sent again.
 *
 * Signals: "message" (KhPubsubMessage) for each message; "subscriptions-
 * changed" when one is added, removed or confirmed; "error" (GError) when a
 * subscription is refused or the connection fails.
 */
#include "config.h"

#include "kh-pubsub.h"

#include <string.h>

#include "kh-bounded-list.h"
#include "kh-error.h"

#define MAX_LISTED_CHANNELS 1000
#define RETRY_MIN_S 1
#define RETRY_MAX_S 30

typedef struct {
  char     *name;
  gboolean  pattern;
  gboolean  confirmed;
} Subscription;

/* A (P)SUBSCRIBE or (P)UNSUBSCRIBE sent and not answered yet. */
typedef struct {
  char     *name;
  gboolean  pattern;
  gboolean  subscribe;
} Expected;

struct _KhPubsub
{
  GObject        parent_instance;

  KhSession     *session;
  KhConnection  *connection;
  GCancellable  *connect_cancellable;   /* while connecting */
  GPtrArray     *subscriptions;         /* Subscription * */
  GQueue         expected;              /* Expected * */
  guint          retry_source;
  guint          retry_s;

  KhBoundedList *messages;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CONNECTED,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE,
  SIGNAL_SUBSCRIPTIONS_CHANGED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KhPubsub, kh_pubsub, G_TYPE_OBJECT)

static void kh_pubsub_ensure_connection (KhPubsub *self);

void
kh_pubsub_channel_free (KhPubsubChannel *channel)
{
  if (channel == NULL)
    return;
  g_bytes_unref (channel->name);
  g_free (channel);
}

static void
subscription_free (Subscription *sub)
{
  g_free (sub->name);
  g_free (sub);
}

static void
expected_free (Expected *expected)
{
  g_free (expected->name);
  g_free (expected);
}

static Subscription *
kh_pubsub_find (KhPubsub   *self,
                const char *name,
                gsize       len,
                gboolean    pattern,
                guint      *index)
{
  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      Subscription *sub = g_ptr_array_index (self->subscriptions, i);

      if (sub->pattern == pattern && strlen (sub->name) == len && memcmp (sub->name, name, len) == 0)
        {
          if (index != NULL)
            *index = i;
          return sub;
        }
    }
  return NULL;
}

static void
kh_pubsub_emit_error (KhPubsub *self,
                      GError   *error)
{
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

/* The connection */

static void
kh_pubsub_send (KhPubsub   *self,
                const char *verb,
                const char *name,
                gboolean    pattern,
                gboolean    subscribe)
{
  Expected *expected = g_new0 (Expected, 1);

  expected->name = g_strdup (name);
  expected->pattern = pattern;
  expected->subscribe = subscribe;
  g_queue_push_tail (&self->expected, expected);
  kh_connection_send_oneway (self->connection, kh_command_new_va (verb, name, NULL));
}

static gboolean
kh_pubsub_is_ready (KhPubsub *self)
{
  return self->connection != NULL && self->connect_cancellable == NULL &&
         kh_connection_get_state (self->connection) == KH_CONNECTION_CONNECTED;
}

static void
kh_pubsub_drop_connection (KhPubsub *self)
{
  gboolean was_connected = self->connection != NULL;

  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  g_clear_object (&self->connect_cancellable);

  if (self->connection != NULL)
    {
      g_autoptr(KhConnection) connection = g_steal_pointer (&self->connection);

      g_signal_handlers_disconnect_by_data (connection, self);
      kh_connection_close (connection);
    }
  g_queue_clear_full (&self->expected, (GDestroyNotify) expected_free);
  for (guint i = 0; i < self->subscriptions->len; i++)
    ((Subscription *) g_ptr_array_index (self->subscriptions, i))->confirmed = FALSE;

  if (was_connected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
on_retry (gpointer user_data)
{
  KhPubsub *self = user_data;

  self->retry_source = 0;
  if (self->subscriptions->len > 0)
    kh_pubsub_ensure_connection (self);
  return G_SOURCE_REMOVE;
}

static void
kh_pubsub_schedule_retry (KhPubsub *self)
{
  if (self->retry_source != 0 || self->subscriptions->len == 0)
    return;
  self->retry_s = self->retry_s == 0 ? RETRY_MIN_S : MIN (self->retry_s * 2, RETRY_MAX_S);
  self->retry_source = g_timeout_add_seconds (self->retry_s, on_retry, self);
}

static GBytes *
reply_bytes (const KhReply *reply)
{
  if (reply == NULL || (reply->kind != KH_REPLY_STRING && reply->kind != KH_REPLY_STATUS))
    return NULL;
  return g_bytes_new (reply->str, reply->len);
}

static gboolean
reply_is (const KhReply *reply,
          const char    *word)
{
  return reply != NULL && (reply->kind == KH_REPLY_STRING || reply->kind == KH_REPLY_STATUS) &&
         reply->len == strlen (word) && g_ascii_strncasecmp (reply->str, word, reply->len) == 0;
}

static void
kh_pubsub_on_message (KhPubsub      *self,
                      const KhReply *channel,
                      const KhReply *pattern,
                      const KhReply *payload)
{
  g_autoptr(GBytes) channel_bytes = reply_bytes (channel);
  g_autoptr(GBytes) pattern_bytes = reply_bytes (pattern);
  g_autoptr(GBytes) payload_bytes = reply_bytes (payload);
  g_autoptr(KhPubsubMessage) message = NULL;

  if (channel_bytes == NULL || payload_bytes == NULL || (pattern != NULL && pattern_bytes == NULL))
    return;

  message = kh_pubsub_message_new (channel_bytes, pattern_bytes, payload_bytes, g_get_real_time ());
  kh_bounded_list_append (self->messages, message);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

static void
kh_pubsub_on_confirmation (KhPubsub      *self,
                           const KhReply *name,
                           gboolean       pattern,
                           gboolean       subscribe)
{
  Expected *expected = g_queue_pop_head (&self->expected);
  Subscription *sub;

  g_clear_pointer (&expected, expected_free);
  if (!subscribe || name == NULL || !kh_reply_is_string (name))
    return;

  sub = kh_pubsub_find (self, name->str, name->len, pattern, NULL);
  if (sub != NULL && !sub->confirmed)
    {
      sub->confirmed = TRUE;
      self->retry_s = 0;
      g_signal_emit (self, signals[SIGNAL_SUBSCRIPTIONS_CHANGED], 0);
    }
}

static void
kh_pubsub_on_refusal (KhPubsub      *self,
                      const KhReply *reply)
{
  Expected *expected = g_queue_pop_head (&self->expected);
  g_autoptr(GError) error = NULL;
  guint index;

  if (expected == NULL)
    {
      error = g_error_new (KH_ERROR, KH_ERROR_SERVER, "The server refused a Pub/Sub command: %s",
                           reply->str);
      kh_pubsub_emit_error (self, error);
      return;
    }

  if (expected->subscribe &&
      kh_pubsub_find (self, expected->name, strlen (expected->name), expected->pattern, &index) != NULL)
    {
      g_ptr_array_remove_index (self->subscriptions, index);
      error = g_error_new (KH_ERROR, KH_ERROR_SERVER,
                           expected->pattern ? "Could not subscribe to the pattern %s: %s"
                                             : "Could not subscribe to the channel %s: %s",
                           expected->name, reply->str);
      kh_pubsub_emit_error (self, error);
      g_signal_emit (self, signals[SIGNAL_SUBSCRIPTIONS_CHANGED], 0);
      if (self->subscriptions->len == 0)
        kh_pubsub_drop_connection (self);
    }
  expected_free (expected);
}

static void
on_push (KhConnection *connection,
         KhReply      *reply,
         gpointer      user_data)
{
  KhPubsub *self = user_data;
  const KhReply *kind;

  if (reply->kind == KH_REPLY_ERROR)
    {
      kh_pubsub_on_refusal (self, reply);
      return;
    }
  if (reply->kind != KH_REPLY_ARRAY || reply->len < 3)
    return;

  kind = reply->element[0];
  if (reply_is (kind, "message"))
    kh_pubsub_on_message (self, reply->element[1], NULL, reply->element[2]);
  else if (reply_is (kind, "pmessage") && reply->len >= 4)
    kh_pubsub_on_message (self, reply->element[2], reply->element[1], reply->element[3]);
  else if (reply_is (kind, "subscribe"))
    kh_pubsub_on_confirmation (self, reply->element[1], FALSE, TRUE);
  else if (reply_is (kind, "psubscribe"))
    kh_pubsub_on_confirmation (self, reply->element[1], TRUE, TRUE);
  else if (reply_is (kind, "unsubscribe") || reply_is (kind, "punsubscribe"))
    kh_pubsub_on_confirmation (self, reply->element[1], reply_is (kind, "punsubscribe"), FALSE);
}

static void
on_closed (KhConnection *connection,
           GError       *error,
           gpointer      user_data)
{
  KhPubsub *self = user_data;
  g_autoptr(GError) lost = NULL;

  if (self->connect_cancellable != NULL)
    return;   /* the connect callback reports it */

  lost = g_error_new (KH_ERROR, KH_ERROR_CLOSED, "The Pub/Sub connection was lost: %s",
                      error != NULL ? error->message : "closed by the server");
  kh_pubsub_drop_connection (self);
  g_signal_emit (self, signals[SIGNAL_SUBSCRIPTIONS_CHANGED], 0);
  kh_pubsub_emit_error (self, lost);
  kh_pubsub_schedule_retry (self);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KhPubsub) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kh_connection_connect_finish (KH_CONNECTION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          KH_CONNECTION (object) != self->connection)
        return;
      g_clear_object (&self->connect_cancellable);
      kh_pubsub_drop_connection (self);
      kh_pubsub_emit_error (self, error);
      kh_pubsub_schedule_retry (self);
      return;
    }
  if (KH_CONNECTION (object) != self->connection)
    return;

  g_clear_object (&self->connect_cancellable);
  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      Subscription *sub = g_ptr_array_index (self->subscriptions, i);

      kh_pubsub_send (self, sub->pattern ? "PSUBSCRIBE" : "SUBSCRIBE", sub->name, sub->pattern, TRUE);
    }
}

static void
kh_pubsub_ensure_connection (KhPubsub *self)
{
  g_autoptr(KhConnectionConfig) config = NULL;
  const KhConnectionConfig *session_config;

  if (self->connection != NULL)
    return;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  session_config = kh_session_get_config (self->session);
  if (session_config == NULL)
    return;

  config = kh_connection_config_copy (session_config);
  g_free (config->client_name);
  config->client_name = g_strdup (KH_PUBSUB_CLIENT_NAME);

  self->connection = kh_connection_new (config);
  kh_connection_set_push_mode (self->connection, TRUE);
  g_signal_connect (self->connection, "push", G_CALLBACK (on_push), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
  self->connect_cancellable = g_cancellable_new ();
  kh_connection_connect_async (self->connection, self->connect_cancellable, on_connected,
                               g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* Subscriptions */

gboolean
kh_pubsub_subscribe (KhPubsub   *self,
                     const char *name,
                     gboolean    pattern)
{
  Subscription *sub;

  g_return_val_if_fail (KH_IS_PUBSUB (self), FALSE);
  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);

  pattern = !!pattern;
  if (kh_pubsub_find (self, name, strlen (name), pattern, NULL) != NULL)
    return FALSE;

  sub = g_new0 (Subscription, 1);
  sub->name = g_strdup (name);
  sub->pattern = pattern;
  g_ptr_array_add (self->subscriptions, sub);

  if (kh_pubsub_is_ready (self))
    kh_pubsub_send (self, pattern ? "PSUBSCRIBE" : "SUBSCRIBE", name, pattern, TRUE);
  else
    kh_pubsub_ensure_connection (self);

  g_signal_emit (self, signals[SIGNAL_SUBSCRIPTIONS_CHANGED], 0);
  return TRUE;
}

gboolean
kh_pubsub_unsubscribe (KhPubsub   *self,
                       const char *name,
                       gboolean    pattern)
{
  guint index;

  g_return_val_if_fail (KH_IS_PUBSUB (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  pattern = !!pattern;
  if (kh_pubsub_find (self, name, strlen (name), pattern, &index) == NULL)
    return FALSE;
  g_ptr_array_remove_index (self->subscriptions, index);

  if (self->subscriptions->len == 0)
    {
      g_clear_handle_id (&self->retry_source, g_source_remove);
      self->retry_s = 0;
      kh_pubsub_drop_connection (self);
    }
  else if (kh_pubsub_is_ready (self))
    kh_pubsub_send (self, pattern ? "PUNSUBSCRIBE" : "UNSUBSCRIBE", name, pattern, FALSE);

  g_signal_emit (self, signals[SIGNAL_SUBSCRIPTIONS_CHANGED], 0);
  return TRUE;
}

void
kh_pubsub_unsubscribe_all (KhPubsub *self)
{
  g_return_if_fail (KH_IS_PUBSUB (self));

  if (self->subscriptions->len == 0 && self->connection == NULL)
    return;
  g_ptr_array_set_size (self->subscriptions, 0);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_s = 0;
  kh_pubsub_drop_connection (self);
  g_signal_emit (self, signals[SIGNAL_SUBSCRIPTIONS_CHANGED], 0);
}

guint
kh_pubsub_get_n_subscriptions (KhPubsub *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB (self), 0);
  return self->subscriptions->len;
}

gboolean
kh_pubsub_is_subscribed (KhPubsub   *self,
                         const char *name,
                         gboolean    pattern)
{
  g_return_val_if_fail (KH_IS_PUBSUB (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  return kh_pubsub_find (self, name, strlen (name), !!pattern, NULL) != NULL;
}

char **
kh_pubsub_dup_names (KhPubsub *self,
                     gboolean  pattern)
{
  GPtrArray *names;

  g_return_val_if_fail (KH_IS_PUBSUB (self), NULL);

  names = g_ptr_array_new ();
  for (guint i = 0; i < self->subscriptions->len; i++)
    {
      Subscription *sub = g_ptr_array_index (self->subscriptions, i);

      if (sub->pattern == !!pattern)
        g_ptr_array_add (names, g_strdup (sub->name));
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

gboolean
kh_pubsub_is_confirmed (KhPubsub   *self,
                        const char *name,
                        gboolean    pattern)
{
  Subscription *sub;

  g_return_val_if_fail (KH_IS_PUBSUB (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  sub = kh_pubsub_find (self, name, strlen (name), !!pattern, NULL);
  return sub != NULL && sub->confirmed;
}

gboolean
kh_pubsub_get_connected (KhPubsub *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB (self), FALSE);
  return self->connection != NULL;
}

/* Messages */

GListModel *
kh_pubsub_get_messages (KhPubsub *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB (self), NULL);
  return G_LIST_MODEL (self->messages);
}

void
kh_pubsub_set_max_messages (KhPubsub *self,
                            guint     max_messages)
{
  g_return_if_fail (KH_IS_PUBSUB (self));
  kh_bounded_list_set_max_items (self->messages, max_messages);
}

void
kh_pubsub_clear_messages (KhPubsub *self)
{
  g_return_if_fail (KH_IS_PUBSUB (self));
  kh_bounded_list_clear (self->messages);
}

/* Publishing */

static void
on_published (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;
  gint64 n = 0;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!kh_reply_get_int64 (reply, &n))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_PROTOCOL,
                               "The server answered PUBLISH with something else than a count");
      return;
    }
  g_task_return_int (task, (gssize) n);
}

void
kh_pubsub_publish_async (KhPubsub            *self,
                         const char          *channel,
                         GBytes              *payload,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KhCommand *command;

  g_return_if_fail (KH_IS_PUBSUB (self));
  g_return_if_fail (channel != NULL);
  g_return_if_fail (payload != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_pubsub_publish_async);

  if (kh_session_is_read_only (self->session))
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_READ_ONLY,
                               "This profile is read-only: PUBLISH was not sent");
      return;
    }
  if (*channel == '\0')
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                               "Name a channel to publish to");
      return;
    }

  command = kh_command_new_va ("PUBLISH", channel, NULL);
  kh_command_add_bytes (command, payload);
  kh_session_send_async (self->session, command, cancellable, on_published, g_steal_pointer (&task));
}

gint64
kh_pubsub_publish_finish (KhPubsub      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* Channels */

static gint
compare_channels (gconstpointer a,
                  gconstpointer b)
{
  const KhPubsubChannel *ca = *(KhPubsubChannel * const *) a;
  const KhPubsubChannel *cb = *(KhPubsubChannel * const *) b;

  return g_bytes_compare (ca->name, cb->name);
}

static void
on_numsub (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GPtrArray *channels = g_task_get_task_data (task);
  g_autoptr(KhReply) reply = NULL;
  GError *error = NULL;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A flat list: channel, count, channel, count... */
  if (kh_reply_is_array (reply))
    {
      for (gsize i = 0; i + 1 < reply->len; i += 2)
        {
          const KhReply *name = reply->element[i];
          gint64 n = 0;

          if (!kh_reply_is_string (name) || !kh_reply_get_int64 (reply->element[i + 1], &n))
            continue;
          for (guint j = 0; j < channels->len; j++)
            {
              KhPubsubChannel *channel = g_ptr_array_index (channels, j);
              gsize len = 0;
              const char *data = g_bytes_get_data (channel->name, &len);

              if (len == name->len && (len == 0 || memcmp (data, name->str, len) == 0))
                channel->n_subscribers = n;
            }
        }
    }
  g_task_return_pointer (task, g_ptr_array_ref (channels), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_channels (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KhPubsub *self = g_task_get_source_object (task);
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GPtrArray) channels = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  KhCommand *numsub;

  reply = kh_session_send_finish (KH_SESSION (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  channels = g_ptr_array_new_with_free_func ((GDestroyNotify) kh_pubsub_channel_free);
  if (kh_reply_is_array (reply))
    {
      for (gsize i = 0; i < reply->len; i++)
        {
          KhPubsubChannel *channel;

          if (!kh_reply_is_string (reply->element[i]))
            continue;
          channel = g_new0 (KhPubsubChannel, 1);
          channel->name = kh_reply_dup_bytes (reply->element[i]);
          g_ptr_array_add (channels, channel);
        }
    }
  g_ptr_array_sort (channels, compare_channels);
  if (channels->len > MAX_LISTED_CHANNELS)
    g_ptr_array_set_size (channels, MAX_LISTED_CHANNELS);

  if (channels->len == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&channels), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  numsub = kh_command_new_va ("PUBSUB", "NUMSUB", NULL);
  for (guint i = 0; i < channels->len; i++)
    kh_command_add_bytes (numsub, ((KhPubsubChannel *) g_ptr_array_index (channels, i))->name);
  g_task_set_task_data (task, g_steal_pointer (&channels), (GDestroyNotify) g_ptr_array_unref);
  cancellable = g_task_get_cancellable (task);
  kh_session_send_async (self->session, numsub, cancellable, on_numsub, g_steal_pointer (&task));
}

void
kh_pubsub_list_channels_async (KhPubsub            *self,
                               const char          *pattern,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  KhCommand *command;

  g_return_if_fail (KH_IS_PUBSUB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_pubsub_list_channels_async);

  command = kh_command_new_va ("PUBSUB", "CHANNELS", NULL);
  if (pattern != NULL && *pattern != '\0')
    kh_command_add (command, pattern);
  kh_session_send_async (self->session, command, cancellable, on_channels, task);
}

GPtrArray *
kh_pubsub_list_channels_finish (KhPubsub      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Object */

KhPubsub *
kh_pubsub_new (KhSession *session)
{
  g_return_val_if_fail (KH_IS_SESSION (session), NULL);
  return g_object_new (KH_TYPE_PUBSUB, "session", session, NULL);
}

KhSession *
kh_pubsub_get_session (KhPubsub *self)
{
  g_return_val_if_fail (KH_IS_PUBSUB (self), NULL);
  return self->session;
}

static void
kh_pubsub_dispose (GObject *object)
{
  KhPubsub *self = KH_PUBSUB (object);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  kh_pubsub_drop_connection (self);
  g_ptr_array_set_size (self->subscriptions, 0);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kh_pubsub_parent_class)->dispose (object);
}

static void
kh_pubsub_finalize (GObject *object)
{
  KhPubsub *self = KH_PUBSUB (object);

  g_ptr_array_unref (self->subscriptions);
  g_object_unref (self->messages);

  G_OBJECT_CLASS (kh_pubsub_parent_class)->finalize (object);
}

static void
kh_pubsub_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KhPubsub *self = KH_PUBSUB (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connection != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_pubsub_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KhPubsub *self = KH_PUBSUB (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_pubsub_class_init (KhPubsubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_pubsub_dispose;
  object_class->finalize = kh_pubsub_finalize;
  object_class->get_property = kh_pubsub_get_property;
  object_class->set_property = kh_pubsub_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KH_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_PUBSUB_MESSAGE);
  signals[SIGNAL_SUBSCRIPTIONS_CHANGED] =
    g_signal_new ("subscriptions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
kh_pubsub_init (KhPubsub *self)
{
  self->subscriptions = g_ptr_array_new_with_free_func ((GDestroyNotify) subscription_free);
  g_queue_init (&self->expected);
  self->messages = kh_bounded_list_new (KH_TYPE_PUBSUB_MESSAGE, KH_PUBSUB_MAX_MESSAGES);
}
