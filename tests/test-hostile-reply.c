/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hostile-reply.c: replies a server should never send, from a small server on
 * loopback that answers every command with what the test chose
 *
 * A reply that announces two billion elements must cost nothing until they come,
 * and one that streams without end must stop at the connection's limit, with
 * memory bounded all along (the peak resident size is checked).
 */
#include <gio/gio.h>
#include <string.h>

#include "kh-connection.h"
#include "kh-error.h"
#include "kh-test-util.h"

typedef struct {
  GSocket *listener;
  guint16 port;
  const char *header;       /* sent once a command arrives */
  gsize filler;             /* then up to this many bytes of 'x' */
  guint64 sent;             /* bytes sent, read after the thread ends */
  GThread *thread;
} Hostile;

static gpointer
hostile_serve (gpointer data)
{
  Hostile *h = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) client = NULL;
  char buffer[4096];
  char filler[64 * 1024];
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_socket_set_timeout (h->listener, 20);
  client = g_socket_accept (h->listener, NULL, &error);
  if (client == NULL)
    return NULL;
  g_socket_set_timeout (client, 5);
  /* The handshake's PING gets its PONG; the next command gets the hostile reply. */
  if (g_socket_receive (client, buffer, sizeof buffer, NULL, NULL) <= 0 ||
      g_socket_send (client, "+PONG\r\n", 7, NULL, NULL) < 0 ||
      g_socket_receive (client, buffer, sizeof buffer, NULL, NULL) <= 0)
    return NULL;
  if (g_socket_send (client, h->header, strlen (h->header), NULL, NULL) < 0)
    return NULL;
  h->sent = strlen (h->header);
  memset (filler, 'x', sizeof filler);
  /* Bounded in bytes and in time; stops when the client closes. */
  while (h->sent < h->filler && g_get_monotonic_time () < deadline)
    {
      gssize n = g_socket_send (client, filler, MIN (sizeof filler, h->filler - h->sent), NULL, NULL);

      if (n <= 0)
        break;
      h->sent += n;
    }
  /* Hold the socket open until the client goes, so that only its own limits end the reply. */
  while (g_get_monotonic_time () < deadline)
    if (g_socket_condition_timed_wait (client, G_IO_IN, 100 * 1000, NULL, NULL) &&
        g_socket_receive (client, buffer, sizeof buffer, NULL, NULL) <= 0)
      break;
  return NULL;
}

static void
hostile_start (Hostile    *h,
               const char *header,
               gsize       filler)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  memset (h, 0, sizeof *h);
  h->header = header;
  h->filler = filler;
  h->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string ("127.0.0.1", 0));
  g_socket_bind (h->listener, G_SOCKET_ADDRESS (address), TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (h->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (h->listener, &error);
  g_assert_no_error (error);
  h->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  h->thread = g_thread_new ("hostile", hostile_serve, h);
}

static void
hostile_stop (Hostile *h)
{
  g_thread_join (h->thread);
  g_clear_object (&h->listener);
}

/* The peak resident size so far, in bytes. */
static guint64
peak_rss (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) * 1024;
}

typedef struct {
  gboolean done;
  KhReply *reply;
  GError *error;
} Result;

static void
on_reply (GObject *object, GAsyncResult *res, gpointer data)
{
  Result *r = data;

  r->reply = kh_connection_send_finish (KH_CONNECTION (object), res, &r->error);
  r->done = TRUE;
}

/* Sends GET to the hostile server and returns the error it ends with. */
static GError *
get_from (Hostile *h,
          guint64  max_reply_size,
          guint    timeout_ms)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  g_autoptr(KhConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  config->host = g_strdup ("127.0.0.1");
  config->port = h->port;
  config->connect_timeout_ms = 5000;
  config->max_reply_size = max_reply_size;
  conn = kh_test_connection_open (config, &error);
  g_assert_no_error (error);
  kh_connection_send_async (conn, kh_command_new_va ("GET", "k", NULL), timeout_ms, NULL, on_reply, &r);
  kh_test_wait_until (&r.done, 30000);
  g_assert_null (r.reply);
  g_assert_nonnull (r.error);
  return r.error;
}

/* "*2147483647" and then nothing: the command times out, and neither the wait
 * nor freeing the half-read reply takes memory for the announced elements. */
static void
test_announced_array (void)
{
  static const char *const headers[] = {
    "*2147483647\r\n",
    "*100000000\r\n",
    "*2147483647\r\n*2147483647\r\n*2147483647\r\n*2147483647\r\n:1\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      guint64 before = peak_rss ();
      Hostile h;
      g_autoptr(GError) error = NULL;

      hostile_start (&h, headers[i], 0);
      error = get_from (&h, 0, 500);
      g_assert_error (error, KH_ERROR, KH_ERROR_TIMEOUT);
      hostile_stop (&h);
      {
        g_autofree char *shown = g_strescape (headers[i], NULL);
        g_test_message ("%s: peak grew by %" G_GUINT64_FORMAT " bytes", shown, peak_rss () - before);
      }
      g_assert_cmpuint (peak_rss () - before, <, 32 * 1024 * 1024);
    }
}

/* "$99999999999" and then bytes without end: the connection stops at its limit
 * (1 MiB here) with a sentence, having read little more than that. */
static void
test_reply_too_large (void)
{
  guint64 before = peak_rss ();
  Hostile h;
  g_autoptr(GError) error = NULL;

  hostile_start (&h, "$99999999999\r\n", 512 * 1024 * 1024);
  error = get_from (&h, 1024 * 1024, 30000);
  g_assert_error (error, KH_ERROR, KH_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "is larger than 1.0"));
  g_assert_nonnull (strstr (error->message, "MiB, the most this connection accepts"));
  hostile_stop (&h);
  g_test_message ("the server sent %" G_GUINT64_FORMAT " bytes; peak grew by %" G_GUINT64_FORMAT,
                  h.sent, peak_rss () - before);
  /* The socket's buffers hold a few MiB more than the client read. */
  g_assert_cmpuint (h.sent, <, 64 * 1024 * 1024);
  g_assert_cmpuint (peak_rss () - before, <, 32 * 1024 * 1024);
}

/* The default limit is Redis' own proto-max-bulk-len, generous for real values. */
static void
test_default_limit (void)
{
  g_assert_cmpuint (KH_CONNECTION_DEFAULT_MAX_REPLY_SIZE, ==, 512 * 1024 * 1024);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/hostile-reply/announced-array", test_announced_array);
  g_test_add_func ("/core/hostile-reply/too-large", test_reply_too_large);
  g_test_add_func ("/core/hostile-reply/default-limit", test_default_limit);
  return g_test_run ();
}
