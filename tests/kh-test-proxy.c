/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-test-proxy.c: a loopback TCP proxy that delays every chunk, as a distant server's link would */
#include "kh-test-proxy.h"

#include <gio/gio.h>
#include <netinet/in.h>
#include <string.h>

/* A TCP proxy that holds every chunk for a fixed delay in each direction. */

typedef struct {
  gint64 due_us;
  gsize len;
  char data[];
} Chunk;

typedef struct {
  GSocket *from;
  GSocket *to;
  GAsyncQueue *queue;
  gint64 delay_us;
} Pipe;

static gpointer
pipe_reader (gpointer data)
{
  Pipe *pipe = data;
  char buffer[64 * 1024];

  for (;;)
    {
      gssize n = g_socket_receive (pipe->from, buffer, sizeof buffer, NULL, NULL);
      Chunk *chunk;

      chunk = g_malloc (sizeof (Chunk) + MAX (n, 0));
      chunk->due_us = g_get_monotonic_time () + pipe->delay_us;
      chunk->len = MAX (n, 0);
      if (n > 0)
        memcpy (chunk->data, buffer, n);
      g_async_queue_push (pipe->queue, chunk);
      if (n <= 0)
        return NULL;
    }
}

static gpointer
pipe_writer (gpointer data)
{
  Pipe *pipe = data;

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (pipe->queue);
      gint64 wait = chunk->due_us - g_get_monotonic_time ();
      gsize done = 0;

      if (wait > 0)
        g_usleep (wait);
      if (chunk->len == 0)
        {
          g_socket_shutdown (pipe->to, FALSE, TRUE, NULL);
          g_free (chunk);
          return NULL;
        }
      while (done < chunk->len)
        {
          gssize n = g_socket_send (pipe->to, chunk->data + done, chunk->len - done, NULL, NULL);
          if (n <= 0)
            break;
          done += n;
        }
      g_free (chunk);
    }
}

typedef struct {
  GSocket *listener;
  guint16 upstream_port;
  gint64 delay_us;
} Proxy;

static void
start_pipe (GSocket *from, GSocket *to, gint64 delay_us)
{
  Pipe *pipe = g_new0 (Pipe, 1);

  pipe->from = g_object_ref (from);
  pipe->to = g_object_ref (to);
  pipe->queue = g_async_queue_new ();
  pipe->delay_us = delay_us;
  g_thread_unref (g_thread_new ("pipe-reader", pipe_reader, pipe));
  g_thread_unref (g_thread_new ("pipe-writer", pipe_writer, pipe));
}

static gpointer
proxy_accept_loop (gpointer data)
{
  Proxy *proxy = data;

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (proxy->listener, NULL, NULL);
      g_autoptr(GSocket) upstream = NULL;
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (lo, proxy->upstream_port);

      if (client == NULL)
        return NULL;
      upstream = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      if (!g_socket_connect (upstream, address, NULL, NULL))
        continue;
      g_socket_set_option (client, IPPROTO_TCP, 1 /* TCP_NODELAY */, 1, NULL);
      g_socket_set_option (upstream, IPPROTO_TCP, 1, 1, NULL);
      start_pipe (client, upstream, proxy->delay_us);
      start_pipe (upstream, client, proxy->delay_us);
    }
}

guint16
kh_test_delay_proxy_start (guint16 upstream_port,
                           gint64  delay_us)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  proxy->upstream_port = upstream_port;
  proxy->delay_us = delay_us;
  proxy->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_socket_bind (proxy->listener, any, TRUE, NULL);
  g_socket_listen (proxy->listener, NULL);
  bound = g_socket_get_local_address (proxy->listener, NULL);
  g_thread_unref (g_thread_new ("proxy", proxy_accept_loop, proxy));
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

