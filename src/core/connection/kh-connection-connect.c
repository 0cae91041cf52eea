/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-connection-connect.c: opening a KhConnection
 *
 * GIO connects (DNS, TCP, Unix sockets); for TLS the context is loaded in a
 * thread, then OpenSSL's handshake runs on the non-blocking socket; last come
 * AUTH, SELECT, CLIENT SETNAME and a PING, pipelined. One timeout covers it all.
 */
#include "config.h"

#include "kh-connection.h"
#include "kh-connection-private.h"

#include <string.h>
#ifdef G_OS_UNIX
#include <gio/gunixsocketaddress.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#endif

#include <glib/gi18n-lib.h>

#include "kh-error.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 10000

/* Errors */

static GError *
kh_connection_map_connect_error (KhConnection *self,
                                 GError       *error)
{
  const char *where = self->description;
  GError *mapped;

  if (error->domain == KH_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  if (error->domain == G_RESOLVER_ERROR)
    mapped = g_error_new (KH_ERROR, KH_ERROR_DNS,
                          _("The host name “%s” could not be found. Check the spelling, "
                          "and that this computer is online"),
                          self->config->host != NULL ? self->config->host : "");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    mapped = g_error_new (KH_ERROR, KH_ERROR_REFUSED,
                          _("%s refused the connection. Is the server running, and is this the right port?"),
                          where);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    mapped = g_error_new (KH_ERROR, KH_ERROR_REFUSED,
                          _("There is no server socket at %s. Is the server running?"), where);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    mapped = g_error_new (KH_ERROR, KH_ERROR_TIMEOUT,
                          _("%s did not answer in time"), where);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    mapped = g_error_new (KH_ERROR, KH_ERROR_REFUSED,
                          _("%s cannot be reached from this network"), where);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    mapped = g_error_new (KH_ERROR, KH_ERROR_REFUSED,
                          _("Permission to connect to %s was denied"), where);
  else
    mapped = g_error_new (KH_ERROR, KH_ERROR_FAILED,
                          _("Could not connect to %s: %s"), where, error->message);

  g_error_free (error);
  return mapped;
}

/* Connect and handshake */

void
kh_connection_connect_done (KhConnection *self,
                            GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->connect_task);

  g_clear_pointer (&self->connect_timeout_source, kh_source_destroy_and_unref);
  g_clear_pointer (&self->connect_cancel_source, kh_source_destroy_and_unref);
  g_clear_object (&self->connect_cancellable);
  self->phase = HANDSHAKE_NONE;

  if (task == NULL)
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  kh_connection_set_state (self, KH_CONNECTION_CONNECTED);
  g_task_return_boolean (task, TRUE);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  KhConnection *self = user_data;
  guint ms = self->config->connect_timeout_ms ? self->config->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;
  const char *stage;

  switch (self->phase)
    {
    case HANDSHAKE_TCP: stage = "while connecting"; break;
    case HANDSHAKE_TLS_SETUP:
    case HANDSHAKE_TLS: stage = "during the TLS handshake"; break;
    default: stage = "after the connection was opened"; break;
    }

  g_clear_pointer (&self->connect_timeout_source, g_source_unref);
  if (self->phase == HANDSHAKE_TLS)
    {
      kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_TIMEOUT,
                                             _("%s did not complete the TLS handshake within %u s. "
                                             "The server may not have TLS enabled on this port "
                                             "(try a redis:// URL), or a firewall holds the connection"),
                                             self->description, (ms + 999) / 1000));
      return G_SOURCE_REMOVE;
    }
  kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_TIMEOUT,
                                         _("%s did not answer within %u s (%s). "
                                         "Check the host, the port and any firewall or IP allow-list"),
                                         self->description, (ms + 999) / 1000, stage));
  return G_SOURCE_REMOVE;
}

static gboolean
on_connect_cancelled (GCancellable *cancellable,
                      gpointer      user_data)
{
  KhConnection *self = user_data;

  kh_connection_fail (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("Connecting to %s was cancelled"), self->description));
  return G_SOURCE_REMOVE;
}

static void
on_handshake_reply (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  KhConnection *self = KH_CONNECTION (object);
  const char *what = user_data;
  g_autoptr(KhReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = kh_connection_send_finish (self, result, &error);

  if (error != NULL && self->handshake_error == NULL && self->connect_task != NULL)
    {
      if (g_error_matches (error, KH_ERROR, KH_ERROR_SERVER))
        {
          if (g_str_equal (what, "AUTH") || strstr (error->message, "NOAUTH") != NULL)
            {
              if (strstr (error->message, "NOAUTH") != NULL)
                self->handshake_error = g_error_new (KH_ERROR, KH_ERROR_AUTH_FAILED,
                                                     _("%s needs a password"), self->description);
              else if (self->config->username != NULL && *self->config->username != '\0')
                self->handshake_error = g_error_new (KH_ERROR, KH_ERROR_AUTH_FAILED,
                                                     _("%s refused the user name or password: the user “%s” "
                                                     "does not exist, is disabled, or the password is wrong"),
                                                     self->description, self->config->username);
              else
                self->handshake_error = g_error_new (KH_ERROR, KH_ERROR_AUTH_FAILED,
                                                     _("%s refused the password (%s)"),
                                                     self->description, error->message);
            }
          else if (g_str_equal (what, "SELECT"))
            self->handshake_error = g_error_new (KH_ERROR, KH_ERROR_SERVER,
                                                 _("Database %d cannot be selected on %s: %s"),
                                                 self->config->database, self->description, error->message);
          else if (g_str_equal (what, "CLIENT SETNAME"))
            g_clear_error (&error); /* some services lack it: not worth failing for */
          else
            self->handshake_error = g_error_new (KH_ERROR, KH_ERROR_SERVER, _("%s: %s"),
                                                 self->description, error->message);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->handshake_error = g_steal_pointer (&error);
        }
    }

  if (self->handshake_left > 0)
    self->handshake_left--;

  if (self->handshake_left == 0 && self->connect_task != NULL)
    {
      if (self->handshake_error != NULL)
        kh_connection_fail (self, g_steal_pointer (&self->handshake_error));
      else
        kh_connection_connect_done (self, NULL);
    }
}

static void
kh_connection_queue_handshake (KhConnection *self,
                               KhCommand    *command,
                               const char   *what)
{
  self->handshake_left++;
  kh_connection_send_async (self, command, G_MAXUINT, NULL, on_handshake_reply, (gpointer) what);
}

static void
kh_connection_start_session (KhConnection *self)
{
  const KhConnectionConfig *config = self->config;

  self->phase = HANDSHAKE_COMMANDS;
  kh_connection_start_reading (self);

  if (config->password != NULL && *config->password != '\0')
    {
      KhCommand *auth = kh_command_new ("AUTH");

      if (config->username != NULL && *config->username != '\0')
        kh_command_add (auth, config->username);
      kh_command_add (auth, config->password);
      kh_connection_queue_handshake (self, auth, "AUTH");
    }
  if (config->database > 0)
    {
      KhCommand *select = kh_command_new ("SELECT");

      kh_command_add_int (select, config->database);
      kh_connection_queue_handshake (self, select, "SELECT");
    }
  if (config->client_name != NULL && *config->client_name != '\0')
    kh_connection_queue_handshake (self,
                                   kh_command_new_va ("CLIENT", "SETNAME", config->client_name, NULL),
                                   "CLIENT SETNAME");
  /* Always one round trip: it proves the peer speaks RESP, and that no password is missing. */
  kh_connection_queue_handshake (self, kh_command_new ("PING"), "PING");
}

static gboolean on_tls_handshake_ready (GSocket *socket, GIOCondition condition, gpointer user_data);

static void
kh_connection_step_tls_handshake (KhConnection *self)
{
  g_autoptr(GError) error = NULL;
  GIOCondition condition;
  KhTlsStatus status;

  status = kh_tls_handshake (self->tls, &error);
  switch (status)
    {
    case KH_TLS_OK:
      kh_connection_start_session (self);
      return;
    case KH_TLS_WANT_READ:
      condition = G_IO_IN;
      break;
    case KH_TLS_WANT_WRITE:
      condition = G_IO_OUT;
      break;
    case KH_TLS_EOF:
      kh_connection_fail (self, g_error_new (KH_ERROR, KH_ERROR_TLS_HANDSHAKE,
                                             _("%s closed the connection during the TLS handshake"),
                                             self->description));
      return;
    case KH_TLS_ERROR:
    default:
      kh_connection_fail (self, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->read_source, kh_source_destroy_and_unref);
  self->read_source = g_socket_create_source (self->socket, condition | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (self->read_source, G_SOURCE_FUNC (on_tls_handshake_ready), self, NULL);
  g_source_attach (self->read_source, self->context);
}

static gboolean
on_tls_handshake_ready (GSocket      *socket,
                        GIOCondition  condition,
                        gpointer      user_data)
{
  KhConnection *self = user_data;

  g_clear_pointer (&self->read_source, g_source_unref);
  kh_connection_step_tls_handshake (self);
  return G_SOURCE_REMOVE;
}

static void
tls_context_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const KhConnectionConfig *config = task_data;
  GError *error = NULL;
  KhTlsContext *context;

  context = kh_tls_context_new (!config->tls_insecure, config->tls_ca_file,
                                config->tls_cert_file, config->tls_key_file, &error);
  if (context == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, context, (GDestroyNotify) kh_tls_context_free);
}

static void
on_tls_context_ready (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  KhConnection *self = KH_CONNECTION (object);
  g_autoptr(GError) error = NULL;
  KhTlsContext *context;
  const char *peer_name;

  context = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->connect_task == NULL || self->socket == NULL)
    {
      g_clear_pointer (&context, kh_tls_context_free);
      return;
    }
  if (context == NULL)
    {
      kh_connection_fail (self, g_steal_pointer (&error));
      return;
    }

  self->tls_context = context;
  peer_name = self->config->tls_server_name;
  if (peer_name == NULL || *peer_name == '\0')
    peer_name = self->config->host != NULL ? self->config->host : "localhost";

  self->tls = kh_tls_new (context, g_socket_get_fd (self->socket), peer_name, &error);
  if (self->tls == NULL)
    {
      kh_connection_fail (self, g_steal_pointer (&error));
      return;
    }
  self->phase = HANDSHAKE_TLS;
  kh_connection_step_tls_handshake (self);
}

static void
on_socket_connected (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KhConnection) self = user_data;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (self->connect_task == NULL)
    return; /* timed out or closed meanwhile */

  if (stream == NULL)
    {
      kh_connection_fail (self, kh_connection_map_connect_error (self, g_steal_pointer (&error)));
      return;
    }

  self->stream = g_steal_pointer (&stream);
  self->socket = g_object_ref (g_socket_connection_get_socket (self->stream));
  g_socket_set_blocking (self->socket, FALSE);
#ifdef G_OS_UNIX
  if (g_socket_get_family (self->socket) != G_SOCKET_FAMILY_UNIX)
    {
      g_socket_set_option (self->socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      g_socket_set_keepalive (self->socket, TRUE);
    }
#endif

  if (self->config->tls)
    {
      g_autoptr(GTask) task = g_task_new (self, self->connect_cancellable, on_tls_context_ready, NULL);

      self->phase = HANDSHAKE_TLS_SETUP;
      g_task_set_task_data (task, kh_connection_config_copy (self->config),
                            (GDestroyNotify) kh_connection_config_free);
      g_task_run_in_thread (task, tls_context_thread);
      return;
    }

  kh_connection_start_session (self);
}

void
kh_connection_connect_async (KhConnection        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  const KhConnectionConfig *config = self->config;
  guint timeout_ms;

  g_return_if_fail (KH_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kh_connection_connect_async);

  if (self->state != KH_CONNECTION_DISCONNECTED)
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_FAILED,
                               _("This connection was already opened; make a new one"));
      return;
    }

  if (config->socket_path != NULL && *config->socket_path != '\0')
    {
#ifdef G_OS_UNIX
      /* GUnixSocketAddress cuts a longer path to fit sun_path, and AUTH would
       * go to whatever listens at the shorter path. */
      if (strlen (config->socket_path) >= sizeof (((struct sockaddr_un *) NULL)->sun_path))
        {
          g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                                   _("The socket path is %zu bytes long; this system allows at most %zu. "
                                     "Use a shorter path, for example a symbolic link to the socket."),
                                   strlen (config->socket_path),
                                   sizeof (((struct sockaddr_un *) NULL)->sun_path) - 1);
          return;
        }
      connectable = G_SOCKET_CONNECTABLE (g_unix_socket_address_new (config->socket_path));
#else
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_NOT_SUPPORTED,
                               _("Unix sockets are not available on this system"));
      return;
#endif
    }
  else if (config->host == NULL || *config->host == '\0')
    {
      g_task_return_new_error (task, KH_ERROR, KH_ERROR_INVALID_INPUT,
                               _("No host name or socket path was given"));
      return;
    }
  else
    {
      connectable = g_network_address_new (config->host, config->port ? config->port : 6379);
    }

  self->context = g_main_context_ref_thread_default ();
  self->connect_task = g_steal_pointer (&task);
  self->connect_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled",
                             G_CALLBACK (g_cancellable_cancel), self->connect_cancellable,
                             G_CONNECT_SWAPPED);
  self->phase = HANDSHAKE_TCP;
  kh_connection_set_state (self, KH_CONNECTION_CONNECTING);
  g_source_attach (self->timer_source, self->context);

  if (cancellable != NULL)
    {
      self->connect_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->connect_cancel_source, G_SOURCE_FUNC (on_connect_cancelled), self, NULL);
      g_source_attach (self->connect_cancel_source, self->context);
    }

  timeout_ms = config->connect_timeout_ms ? config->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;
  self->connect_timeout_source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (self->connect_timeout_source, on_connect_timeout, self, NULL);
  g_source_attach (self->connect_timeout_source, self->context);

  client = g_socket_client_new ();
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_async (client, connectable, self->connect_cancellable,
                                 on_socket_connected, g_object_ref (self));
}

gboolean
kh_connection_connect_finish (KhConnection  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
