/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-connection.c: one socket to one server, on the GLib main loop
 *
 * GIO connects (DNS, TCP, Unix sockets), OpenSSL adds TLS, hiredis' reader
 * decodes replies. Commands are pipelined: they are encoded into one output
 * buffer that is flushed when the socket is writable, and replies complete the
 * pending commands in the order they were sent. A command that times out or is
 * cancelled completes at once but stays queued, so that the reply that still
 * arrives for it is matched and dropped.
 */
#include "config.h"

#include "kh-connection.h"
#include "kh-connection-private.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kh-error.h"
#include "kh-reply-private.h"

#define DEFAULT_COMMAND_TIMEOUT_MS 30000
#define READ_CHUNK (64 * 1024)
/* How much one dispatch reads before letting other sources run: feeding
 * megabytes to the reader takes tens of milliseconds (a large value) */
#define READ_BUDGET (512 * 1024)
#define WRITE_BUDGET (4 * 1024 * 1024)

typedef struct {
  gint ref_count;
  GTask *task;           /* NULL once completed: the reply is then dropped */
  GCancellable *cancellable;
  gulong cancelled_id;
  gint64 sent_us;
  gint64 first_byte_us;  /* when the first byte of its reply arrived, 0 before */
  gint64 deadline_us;    /* G_MAXINT64 for none */
  guint timeout_ms;
  char *name;
} KhPending;

G_DEFINE_FINAL_TYPE (KhConnection, kh_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum {
  SIGNAL_CLOSED,
  SIGNAL_PUSH,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void kh_connection_update_write_source (KhConnection *self);

/* Pending commands */

static KhPending *
kh_pending_ref (KhPending *pending)
{
  g_atomic_int_inc (&pending->ref_count);
  return pending;
}

static void
kh_pending_unref (KhPending *pending)
{
  if (!g_atomic_int_dec_and_test (&pending->ref_count))
    return;
  g_assert (pending->task == NULL);
  g_clear_object (&pending->cancellable);
  g_free (pending->name);
  g_free (pending);
}

/* Completes the command once; the queue entry stays until its reply arrives. */
static void
kh_pending_complete (KhPending *pending,
                     KhReply   *reply,
                     GError    *error)
{
  GTask *task = g_steal_pointer (&pending->task);

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (pending->cancelled_id != 0)
    {
      g_cancellable_disconnect (pending->cancellable, pending->cancelled_id);
      pending->cancelled_id = 0;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, kh_reply_ref (reply), (GDestroyNotify) kh_reply_unref);
  g_object_unref (task);
}

static gboolean
on_pending_cancelled_idle (gpointer user_data)
{
  KhPending *pending = user_data;

  if (pending->task != NULL)
    kh_pending_complete (pending, NULL,
                         g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                      _("%s was cancelled"), pending->name));
  return G_SOURCE_REMOVE;
}

/* May run in any thread, and synchronously inside g_cancellable_connect(). */
static void
on_pending_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  KhPending *pending = user_data;
  GTask *task = pending->task;
  GSource *source;

  if (task == NULL)
    return;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, on_pending_cancelled_idle,
                         kh_pending_ref (pending), (GDestroyNotify) kh_pending_unref);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/* State */

void
kh_connection_set_state (KhConnection      *self,
                         KhConnectionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  if (!self->disposed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Closing */

static void
kh_connection_teardown (KhConnection *self)
{
  g_clear_pointer (&self->read_source, kh_source_destroy_and_unref);
  g_clear_pointer (&self->write_source, kh_source_destroy_and_unref);
  g_clear_pointer (&self->read_more_source, kh_source_destroy_and_unref);
  g_clear_pointer (&self->timer_source, kh_source_destroy_and_unref);
  g_clear_pointer (&self->tls, kh_tls_free);
  g_clear_pointer (&self->tls_context, kh_tls_context_free);
  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_object (&self->stream);
  if (self->connect_cancellable != NULL)
    g_cancellable_cancel (self->connect_cancellable);
  g_byte_array_set_size (self->out, 0);
  self->out_offset = 0;
}

/* Closes the connection: every pending command fails once with @error. */
void
kh_connection_fail (KhConnection *self,
                    GError       *error)
{
  g_autoptr(KhConnection) hold = g_object_ref (self);
  KhPending *pending;

  if (self->state == KH_CONNECTION_CLOSED)
    {
      g_error_free (error);
      return;
    }

  /* A server that wants TLS drops a plain client as soon as it speaks. */
  if (self->connect_task != NULL && self->phase == HANDSHAKE_COMMANDS && !self->config->tls &&
      g_error_matches (error, KH_ERROR, KH_ERROR_CLOSED))
    {
      g_error_free (error);
      error = g_error_new (KH_ERROR, KH_ERROR_CLOSED,
                           _("%s closed the connection right away. If the server requires TLS, "
                           "use a rediss:// URL or turn TLS on"), self->description);
    }

  kh_connection_teardown (self);
  kh_connection_set_state (self, KH_CONNECTION_CLOSED);

  if (self->connect_task != NULL)
    kh_connection_connect_done (self, g_error_copy (error));

  while ((pending = g_queue_pop_head (&self->pending)) != NULL)
    {
      kh_pending_complete (pending, NULL, g_error_copy (error));
      kh_pending_unref (pending);
    }
  g_clear_error (&self->handshake_error);

  if (!self->disposed)
    g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
  g_error_free (error);
}

void
kh_connection_close (KhConnection *self)
{
  g_return_if_fail (KH_IS_CONNECTION (self));

  if (self->state == KH_CONNECTION_CLOSED)
    return;
  if (self->state == KH_CONNECTION_DISCONNECTED)
    {
      kh_connection_set_state (self, KH_CONNECTION_CLOSED);
      return;
    }
  kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_CLOSED,
                                         _("The connection to %s was closed"), self->description));
}

/* Timeouts: one timer for the whole queue, set to the earliest deadline */

static gboolean
kh_timer_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs kh_timer_funcs = {
  .dispatch = kh_timer_dispatch,
};

static void
kh_connection_arm_timer (KhConnection *self,
                         gint64        deadline_us)
{
  if (deadline_us == G_MAXINT64 || self->timer_source == NULL)
    return;
  if (self->timer_deadline_us == -1 || deadline_us < self->timer_deadline_us)
    {
      self->timer_deadline_us = deadline_us;
      g_source_set_ready_time (self->timer_source, deadline_us);
    }
}

static gboolean
on_timer (gpointer user_data)
{
  KhConnection *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 next = G_MAXINT64;

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      KhPending *pending = l->data;

      if (pending->task == NULL || pending->deadline_us == G_MAXINT64)
        continue;
      if (pending->deadline_us <= now)
        kh_pending_complete (pending, NULL,
                             g_error_new (KH_ERROR, KH_ERROR_TIMEOUT,
                                          _("%s got no answer from %s within %.1f s"),
                                          pending->name, self->description,
                                          pending->timeout_ms / 1000.0));
      else
        next = MIN (next, pending->deadline_us);
    }

  self->timer_deadline_us = -1;
  if (self->timer_source != NULL)
    {
      g_source_set_ready_time (self->timer_source, -1);
      kh_connection_arm_timer (self, next);
    }
  return G_SOURCE_CONTINUE;
}

/* Writing */

static gboolean
kh_connection_flush (KhConnection *self)
{
  gsize budget = WRITE_BUDGET;

  while (self->out_offset < self->out->len && budget > 0)
    {
      const guint8 *data = self->out->data + self->out_offset;
      gsize size = MIN (self->out->len - self->out_offset, budget);
      g_autoptr(GError) error = NULL;
      gssize written;

      if (self->tls != NULL)
        {
          KhTlsStatus status;

          written = kh_tls_write (self->tls, data, size, &status, &error);
          if (written == 0)
            {
              if (status == KH_TLS_WANT_WRITE || status == KH_TLS_WANT_READ)
                break;
              kh_connection_fail (self, error != NULL ? g_steal_pointer (&error)
                                                      : g_error_new (KH_ERROR, KH_ERROR_CLOSED,
                                                                     _("%s closed the connection"), self->description));
              return FALSE;
            }
        }
      else
        {
          written = g_socket_send (self->socket, (const char *) data, size, NULL, &error);
          if (written < 0)
            {
              if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
                break;
              kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_CLOSED,
                                                     _("The connection to %s was lost: %s"),
                                                     self->description, error->message));
              return FALSE;
            }
        }

      self->out_offset += written;
      self->bytes_out += written;
      budget -= MIN (budget, (gsize) written);
    }

  if (self->out_offset == self->out->len)
    {
      /* Give back the memory of a large write. */
      if (self->out->len > 8 * 1024 * 1024)
        {
          g_byte_array_unref (self->out);
          self->out = g_byte_array_new ();
        }
      g_byte_array_set_size (self->out, 0);
      self->out_offset = 0;
    }
  else if (self->out_offset > 1024 * 1024 && self->out_offset > self->out->len / 2)
    {
      g_byte_array_remove_range (self->out, 0, self->out_offset);
      self->out_offset = 0;
    }

  return TRUE;
}

static gboolean
on_socket_writable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  KhConnection *self = user_data;

  if (kh_connection_flush (self))
    kh_connection_update_write_source (self);
  return G_SOURCE_CONTINUE;
}

static void
kh_connection_update_write_source (KhConnection *self)
{
  gboolean want = self->socket != NULL && self->out_offset < self->out->len &&
                  self->phase != HANDSHAKE_TCP && self->phase != HANDSHAKE_TLS_SETUP &&
                  self->phase != HANDSHAKE_TLS;

  if (want && self->write_source == NULL)
    {
      self->write_source = g_socket_create_source (self->socket, G_IO_OUT, NULL);
      g_source_set_callback (self->write_source, G_SOURCE_FUNC (on_socket_writable), self, NULL);
      g_source_attach (self->write_source, self->context);
    }
  else if (!want && self->write_source != NULL)
    {
      g_clear_pointer (&self->write_source, kh_source_destroy_and_unref);
    }
}

/* Reading */

static void
kh_connection_dispatch_reply (KhConnection *self,
                              KhReply      *reply)
{
  KhPending *pending = g_queue_pop_head (&self->pending);

  if (pending == NULL)
    {
      if (self->push_mode)
        {
          if (!self->disposed)
            g_signal_emit (self, signals[SIGNAL_PUSH], 0, reply);
          return;
        }
      kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_PROTOCOL,
                                             _("%s sent a reply nobody asked for"), self->description));
      return;
    }

  self->last_rtt_us = g_get_monotonic_time () - pending->sent_us;
  if (pending->first_byte_us != 0)
    reply->first_byte_us = pending->first_byte_us - pending->sent_us;

  /* The next reply may have started in the bytes already read. */
  if (self->reader->pos < self->reader->len && self->pending.head != NULL)
    {
      KhPending *next = self->pending.head->data;

      if (next->first_byte_us == 0)
        next->first_byte_us = g_get_monotonic_time ();
    }
  if (reply->kind == KH_REPLY_ERROR)
    kh_pending_complete (pending, NULL,
                         g_error_new_literal (KH_ERROR, KH_ERROR_SERVER, reply->str));
  else
    kh_pending_complete (pending, reply, NULL);
  kh_pending_unref (pending);
}

static gboolean
kh_connection_process_replies (KhConnection *self)
{
  void *obj = NULL;

  while (self->state != KH_CONNECTION_CLOSED)
    {
      if (redisReaderGetReply (self->reader, &obj) != REDIS_OK)
        {
          kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_PROTOCOL,
                                                 _("%s does not speak the Redis protocol (%s). "
                                                 "Check the port%s"),
                                                 self->description, self->reader->errstr,
                                                 self->config->tls ? "" : ", and whether the server requires TLS"));
          return FALSE;
        }
      if (obj == NULL)
        break;
      /* The next reply begins after what the reader has consumed. */
      self->reply_start = self->bytes_in - (self->reader->len - self->reader->pos);

      {
        g_autoptr(KhReply) reply = obj;

        obj = NULL;
        kh_connection_dispatch_reply (self, reply);
      }
    }
  return self->state != KH_CONNECTION_CLOSED;
}

static gboolean on_read_more (gpointer user_data);

static guint64
kh_connection_max_reply_size (KhConnection *self)
{
  return self->config->max_reply_size > 0 ? self->config->max_reply_size
                                          : KH_CONNECTION_DEFAULT_MAX_REPLY_SIZE;
}

static void
kh_connection_read (KhConnection *self)
{
  g_autoptr(KhConnection) hold = g_object_ref (self);
  char buffer[READ_CHUNK];
  gsize budget = READ_BUDGET;

  while (budget > 0 && self->socket != NULL)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (self->tls != NULL)
        {
          KhTlsStatus status;

          n = kh_tls_read (self->tls, buffer, sizeof buffer, &status, &error);
          if (n == 0)
            {
              if (status == KH_TLS_WANT_READ || status == KH_TLS_WANT_WRITE)
                break;
              if (status == KH_TLS_EOF)
                kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_CLOSED,
                                                       _("%s closed the connection"), self->description));
              else
                kh_connection_fail (self, g_steal_pointer (&error));
              return;
            }
        }
      else
        {
          n = g_socket_receive (self->socket, buffer, sizeof buffer, NULL, &error);
          if (n < 0)
            {
              if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
                break;
              kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_CLOSED,
                                                     _("The connection to %s was lost: %s"),
                                                     self->description, error->message));
              return;
            }
          if (n == 0)
            {
              kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_CLOSED,
                                                     _("%s closed the connection"), self->description));
              return;
            }
        }

      self->bytes_in += n;
      budget -= MIN (budget, (gsize) n);
      if (self->pending.head != NULL)
        {
          KhPending *head = self->pending.head->data;

          if (head->first_byte_us == 0)
            head->first_byte_us = g_get_monotonic_time ();
        }
      if (redisReaderFeed (self->reader, buffer, n) != REDIS_OK)
        {
          kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_PROTOCOL,
                                                 _("Could not decode a reply from %s"), self->description));
          return;
        }
      if (!kh_connection_process_replies (self))
        return;
      if (self->bytes_in - self->reply_start > kh_connection_max_reply_size (self))
        {
          g_autofree char *limit = g_format_size_full (kh_connection_max_reply_size (self),
                                                       G_FORMAT_SIZE_IEC_UNITS);

          kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_PROTOCOL,
                                                 _("A reply from %s is larger than %s, the most this "
                                                   "connection accepts: the command was stopped and the "
                                                   "connection will be opened again"),
                                                 self->description, limit));
          return;
        }
    }

  /* More may be waiting (in the socket or in OpenSSL's buffer): let other sources run first. */
  if (self->socket != NULL && (budget == 0 || (self->tls != NULL && kh_tls_has_pending (self->tls))) &&
      self->read_more_source == NULL)
    {
      self->read_more_source = g_idle_source_new ();
      g_source_set_callback (self->read_more_source, on_read_more, self, NULL);
      g_source_attach (self->read_more_source, self->context);
    }

  /* A TLS write may have waited for this read. */
  if (self->tls != NULL && self->socket != NULL && self->out_offset < self->out->len)
    {
      if (kh_connection_flush (self))
        kh_connection_update_write_source (self);
    }
}

static gboolean
on_read_more (gpointer user_data)
{
  KhConnection *self = user_data;

  g_clear_pointer (&self->read_more_source, g_source_unref);
  kh_connection_read (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_socket_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  kh_connection_read (user_data);
  return G_SOURCE_CONTINUE;
}

void
kh_connection_start_reading (KhConnection *self)
{
  self->read_source = g_socket_create_source (self->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (self->read_source, G_SOURCE_FUNC (on_socket_readable), self, NULL);
  g_source_attach (self->read_source, self->context);
}

/* Sending */

/* Counted per name too, so statistics can take Keyhole's own calls off each command. */
static void
kh_connection_count_command (KhConnection    *self,
                             const KhCommand *command)
{
  g_autofree char *name = kh_command_dup_stats_name (command);

  self->commands_sent++;
  if (self->commands_by_name == NULL)
    self->commands_by_name = kh_command_counts_new ();
  kh_command_counts_add (self->commands_by_name, name, 1);
}

void
kh_connection_send_async (KhConnection        *self,
                          KhCommand           *command,
                          guint                timeout_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(KhCommand) owned = command;
  g_autoptr(GTask) task = NULL;
  KhPending *pending;
  gboolean ready;

  g_return_if_fail (KH_IS_CONNECTION (self));
  g_return_if_fail (command != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_connection_send_async);
  g_task_set_check_cancellable (task, FALSE);

  ready = self->state == KH_CONNECTION_CONNECTED ||
          (self->state == KH_CONNECTION_CONNECTING && self->phase == HANDSHAKE_COMMANDS);
  if (!ready)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_CLOSED,
                               self->state == KH_CONNECTION_CONNECTING
                                 ? "Not connected yet" : "Not connected");
      return;
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("%s was cancelled"), kh_command_get_name (command));
      return;
    }

  if (timeout_ms == 0)
    timeout_ms = self->config->command_timeout_ms ? self->config->command_timeout_ms
                                                  : DEFAULT_COMMAND_TIMEOUT_MS;

  pending = g_new0 (KhPending, 1);
  pending->ref_count = 1;
  pending->task = g_steal_pointer (&task);
  pending->name = g_strdup (kh_command_get_name (command));
  pending->sent_us = g_get_monotonic_time ();
  pending->timeout_ms = timeout_ms;
  pending->deadline_us = timeout_ms == G_MAXUINT ? G_MAXINT64
                                                 : pending->sent_us + (gint64) timeout_ms * 1000;
  g_queue_push_tail (&self->pending, pending);

  kh_command_encode (command, self->out);
  kh_connection_count_command (self, command);

  if (cancellable != NULL)
    {
      pending->cancellable = g_object_ref (cancellable);
      pending->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_pending_cancelled),
                                                     kh_pending_ref (pending),
                                                     (GDestroyNotify) kh_pending_unref);
    }

  kh_connection_arm_timer (self, pending->deadline_us);
  kh_connection_update_write_source (self);
}

KhReply *
kh_connection_send_finish (KhConnection  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kh_connection_command_async (KhConnection        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data,
                             const char          *first_arg,
                             ...)
{
  KhCommand *command = kh_command_new (first_arg);
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  while ((arg = va_arg (ap, const char *)) != NULL)
    kh_command_add (command, arg);
  va_end (ap);

  kh_connection_send_async (self, command, 0, cancellable, callback, user_data);
}

void
kh_connection_set_push_mode (KhConnection *self,
                             gboolean      push_mode)
{
  g_return_if_fail (KH_IS_CONNECTION (self));
  self->push_mode = !!push_mode;
}

void
kh_connection_send_oneway (KhConnection *self,
                           KhCommand    *command)
{
  g_autoptr(KhCommand) owned = command;

  g_return_if_fail (KH_IS_CONNECTION (self));
  if (self->state != KH_CONNECTION_CONNECTED)
    return;
  kh_command_encode (command, self->out);
  kh_connection_count_command (self, command);
  kh_connection_update_write_source (self);
}

/* Object */

KhConnection *
kh_connection_new (const KhConnectionConfig *config)
{
  KhConnection *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (KH_TYPE_CONNECTION, NULL);
  self->config = kh_connection_config_copy (config);
  self->description = kh_connection_config_describe (config);
  return self;
}

const KhConnectionConfig *
kh_connection_get_config (KhConnection *self)
{
  g_return_val_if_fail (KH_IS_CONNECTION (self), NULL);
  return self->config;
}

KhConnectionState
kh_connection_get_state (KhConnection *self)
{
  g_return_val_if_fail (KH_IS_CONNECTION (self), KH_CONNECTION_CLOSED);
  return self->state;
}

guint64
kh_connection_get_commands_sent (KhConnection *self)
{
  return self->commands_sent;
}

void
kh_connection_add_command_counts (KhConnection *self,
                                  GHashTable   *counts)
{
  GHashTableIter iter;
  gpointer name, count;

  g_return_if_fail (KH_IS_CONNECTION (self));
  g_return_if_fail (counts != NULL);

  if (self->commands_by_name == NULL)
    return;
  g_hash_table_iter_init (&iter, self->commands_by_name);
  while (g_hash_table_iter_next (&iter, &name, &count))
    kh_command_counts_add (counts, name, *(guint64 *) count);
}

guint64
kh_connection_get_bytes_in (KhConnection *self)
{
  return self->bytes_in;
}

guint64
kh_connection_get_bytes_out (KhConnection *self)
{
  return self->bytes_out;
}

gint64
kh_connection_get_last_rtt_us (KhConnection *self)
{
  return self->last_rtt_us;
}

guint
kh_connection_get_n_pending (KhConnection *self)
{
  guint n = 0;

  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (((KhPending *) l->data)->task != NULL)
      n++;
  return n;
}

static void
kh_connection_dispose (GObject *object)
{
  KhConnection *self = KH_CONNECTION (object);

  self->disposed = TRUE;
  if (self->state == KH_CONNECTION_CONNECTING || self->state == KH_CONNECTION_CONNECTED)
    kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_CLOSED, _("The connection was closed")));
  kh_connection_teardown (self);

  G_OBJECT_CLASS (kh_connection_parent_class)->dispose (object);
}

static void
kh_connection_finalize (GObject *object)
{
  KhConnection *self = KH_CONNECTION (object);

  g_assert (g_queue_is_empty (&self->pending));
  g_clear_pointer (&self->reader, redisReaderFree);
  g_byte_array_unref (self->out);
  g_clear_pointer (&self->config, kh_connection_config_free);
  g_free (self->description);
  g_clear_pointer (&self->commands_by_name, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->connect_cancellable);

  G_OBJECT_CLASS (kh_connection_parent_class)->finalize (object);
}

static void
kh_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KhConnection *self = KH_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kh_connection_class_init (KhConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kh_connection_dispose;
  object_class->finalize = kh_connection_finalize;
  object_class->get_property = kh_connection_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, KH_TYPE_CONNECTION_STATE, KH_CONNECTION_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted once, when an open connection closes or is lost; carries the reason. */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* A reply no command waits for, in push mode (MONITOR, SUBSCRIBE). */
  signals[SIGNAL_PUSH] =
    g_signal_new ("push", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KH_TYPE_REPLY);
}

static void
kh_connection_init (KhConnection *self)
{
  self->out = g_byte_array_new ();
  self->reader = kh_connection_reader_new ();
  self->timer_deadline_us = -1;
  self->timer_source = g_source_new (&kh_timer_funcs, sizeof (GSource));
  g_source_set_priority (self->timer_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->timer_source, on_timer, self, NULL);
  g_queue_init (&self->pending);
}
