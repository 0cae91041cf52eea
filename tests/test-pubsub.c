/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pubsub.c: KhPubsub against real redis-server and valkey-server */
#include <string.h>

#include "kh-error.h"
#include "kh-pubsub.h"
#include "kh-test-util.h"

typedef struct {
  gboolean done;
  gint64   n;
  GPtrArray *channels;
  GError  *error;
} Result;

static void
on_published (GObject *object, GAsyncResult *res, gpointer data)
{
  Result *r = data;

  r->n = kh_pubsub_publish_finish (KH_PUBSUB (object), res, &r->error);
  r->done = TRUE;
}

static void
on_listed (GObject *object, GAsyncResult *res, gpointer data)
{
  Result *r = data;

  r->channels = kh_pubsub_list_channels_finish (KH_PUBSUB (object), res, &r->error);
  r->done = TRUE;
}

static void
iterate_until_confirmed (KhPubsub   *pubsub,
                         const char *name,
                         gboolean    pattern)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!kh_pubsub_is_confirmed (pubsub, name, pattern))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static void
on_message (KhPubsub        *pubsub,
            KhPubsubMessage *message,
            gpointer         data)
{
  GPtrArray *received = data;

  g_ptr_array_add (received, g_object_ref (message));
}

static void
wait_for_messages (GPtrArray *received,
                   guint      n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (received->len < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static void
assert_bytes (GBytes     *bytes,
              const char *text)
{
  gsize len = 0;
  const char *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, text, strlen (text));
}

static void
test_pubsub_messages (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhPubsub) pubsub = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *out = NULL;
  KhPubsubMessage *message;
  GListModel *messages;
  guint baseline;

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  pubsub = kh_pubsub_new (session);
  messages = kh_pubsub_get_messages (pubsub);
  g_signal_connect (pubsub, "message", G_CALLBACK (on_message), received);
  baseline = kh_test_server_count_clients (server, NULL);
  g_assert_false (kh_pubsub_get_connected (pubsub));

  /* The first subscription opens a connection. */
  g_assert_true (kh_pubsub_subscribe (pubsub, "ch", FALSE));
  g_assert_false (kh_pubsub_subscribe (pubsub, "ch", FALSE));
  g_assert_true (kh_pubsub_get_connected (pubsub));
  iterate_until_confirmed (pubsub, "ch", FALSE);
  g_assert_cmpuint (kh_test_server_count_clients (server, NULL), ==, baseline + 1);

  out = kh_test_server_cli (server, "PUBLISH", "ch", "hello", NULL);
  g_assert_cmpstr (out, ==, "1");
  wait_for_messages (received, 1);
  message = g_ptr_array_index (received, 0);
  assert_bytes (kh_pubsub_message_get_channel (message), "ch");
  assert_bytes (kh_pubsub_message_get_payload (message), "hello");
  g_assert_null (kh_pubsub_message_get_pattern (message));
  g_assert_cmpint (ABS (kh_pubsub_message_get_time_us (message) - g_get_real_time ()), <, 60 * G_USEC_PER_SEC);

  /* A pattern subscription shares the connection and reports its pattern. */
  g_assert_true (kh_pubsub_subscribe (pubsub, "news.*", TRUE));
  iterate_until_confirmed (pubsub, "news.*", TRUE);
  g_assert_cmpuint (kh_test_server_count_clients (server, NULL), ==, baseline + 1);
  {
    g_auto(GStrv) channels = kh_pubsub_dup_names (pubsub, FALSE);
    g_auto(GStrv) patterns = kh_pubsub_dup_names (pubsub, TRUE);

    g_assert_cmpuint (g_strv_length (channels), ==, 1);
    g_assert_cmpstr (channels[0], ==, "ch");
    g_assert_cmpuint (g_strv_length (patterns), ==, 1);
    g_assert_cmpstr (patterns[0], ==, "news.*");
  }
  g_clear_pointer (&out, g_free);
  out = kh_test_server_cli (server, "PUBLISH", "news.tech", "\xff binary", NULL);
  g_assert_cmpstr (out, ==, "1");
  wait_for_messages (received, 2);
  message = g_ptr_array_index (received, 1);
  assert_bytes (kh_pubsub_message_get_pattern (message), "news.*");
  assert_bytes (kh_pubsub_message_get_channel (message), "news.tech");
  assert_bytes (kh_pubsub_message_get_payload (message), "\xff binary");
  {
    g_autofree char *shown = kh_pubsub_message_dup_display (kh_pubsub_message_get_payload (message));
    g_assert_cmpstr (shown, ==, "\"\\xff binary\"");
  }

  /* The list model holds them too, once its batch is in. */
  while (g_list_model_get_n_items (messages) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);

  /* Unsubscribing from one keeps the connection; from the last closes it. */
  g_assert_true (kh_pubsub_unsubscribe (pubsub, "ch", FALSE));
  g_assert_false (kh_pubsub_unsubscribe (pubsub, "ch", FALSE));
  g_assert_true (kh_pubsub_get_connected (pubsub));
  g_assert_true (kh_pubsub_unsubscribe (pubsub, "news.*", TRUE));
  g_assert_false (kh_pubsub_get_connected (pubsub));
  g_assert_cmpuint (kh_pubsub_get_n_subscriptions (pubsub), ==, 0);
  g_assert_true (kh_test_server_wait_for_clients (server, baseline));

  kh_test_server_stop (server);
}

static void
test_pubsub_publish_and_channels (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), KH_TEST_SERVER_DEFAULT);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhSession) read_only = NULL;
  g_autoptr(KhPubsub) pubsub = NULL;
  g_autoptr(KhPubsub) reader = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) payload = g_bytes_new_static ("from keyhole", 12);
  g_autoptr(GBytes) refused = g_bytes_new_static ("nope", 4);
  Result r = { 0 };
  gboolean found = FALSE;

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  pubsub = kh_pubsub_new (session);
  g_signal_connect (pubsub, "message", G_CALLBACK (on_message), received);
  kh_pubsub_subscribe (pubsub, "orders", FALSE);
  iterate_until_confirmed (pubsub, "orders", FALSE);

  /* Publishing goes through the session and reaches the subscriber. */
  kh_pubsub_publish_async (pubsub, "orders", payload, NULL, on_published, &r);
  kh_test_wait_until (&r.done, 5000);
  g_assert_no_error (r.error);
  g_assert_cmpint (r.n, ==, 1);
  wait_for_messages (received, 1);
  assert_bytes (kh_pubsub_message_get_payload (g_ptr_array_index (received, 0)), "from keyhole");

  /* PUBSUB CHANNELS with NUMSUB counts. */
  memset (&r, 0, sizeof r);
  kh_pubsub_list_channels_async (pubsub, NULL, NULL, on_listed, &r);
  kh_test_wait_until (&r.done, 5000);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.channels);
  for (guint i = 0; i < r.channels->len; i++)
    {
      KhPubsubChannel *channel = g_ptr_array_index (r.channels, i);
      gsize len = 0;
      const char *name = g_bytes_get_data (channel->name, &len);

      if (len == 6 && memcmp (name, "orders", 6) == 0)
        {
          g_assert_cmpint (channel->n_subscribers, ==, 1);
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_clear_pointer (&r.channels, g_ptr_array_unref);

  /* A pattern that matches nothing: an empty list, not an error. */
  memset (&r, 0, sizeof r);
  kh_pubsub_list_channels_async (pubsub, "nothing-*", NULL, on_listed, &r);
  kh_test_wait_until (&r.done, 5000);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.channels->len, ==, 0);
  g_clear_pointer (&r.channels, g_ptr_array_unref);

  /* Read-only profiles do not publish. */
  read_only = kh_test_session_open (server, KH_SESSION_READ_ONLY);
  reader = kh_pubsub_new (read_only);
  memset (&r, 0, sizeof r);
  kh_pubsub_publish_async (reader, "orders", refused, NULL, on_published, &r);
  kh_test_wait_until (&r.done, 5000);
  g_assert_error (r.error, KH_ERROR, KH_ERROR_READ_ONLY);
  g_assert_cmpint (r.n, ==, -1);
  g_clear_error (&r.error);
  g_assert_cmpuint (received->len, ==, 1);

  /* Destroying the object closes its connection. */
  {
    guint with_pubsub = kh_test_server_count_clients (server, NULL);

    g_clear_object (&pubsub);
    g_assert_true (kh_test_server_wait_for_clients (server, with_pubsub - 1));
  }

  kh_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/pubsub", "messages", test_pubsub_messages);
  kh_test_add_for_each_server ("/core/pubsub", "publish-and-channels", test_pubsub_publish_and_channels);

  return g_test_run ();
}
