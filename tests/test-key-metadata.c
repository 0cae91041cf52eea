/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-metadata.c: KhKeyMetadata against real servers */
#include <gio/gio.h>
#include <string.h>

#include "kh-connection.h"
#include "kh-error.h"
#include "kh-key-item.h"
#include "kh-key-metadata.h"
#include "kh-session.h"
#include "kh-test-server.h"

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} Wait;

static void
on_open (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->ok = kh_session_open_finish (KH_SESSION (object), result, &w->error);
  w->done = TRUE;
}

static void
on_reply (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &w->error);

  w->ok = reply != NULL;
  w->done = TRUE;
}

static KhSession *
open_session_as (KhTestServer   *server,
                 const char     *user,
                 const char     *password,
                 KhSessionFlags  flags)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  KhSession *session;
  Wait w = { 0 };

  config->host = g_strdup ("127.0.0.1");
  config->port = server->port;
  config->username = g_strdup (user);
  config->password = g_strdup (password);
  session = kh_session_new (config, flags);
  kh_session_open_async (session, NULL, on_open, &w);
  kh_test_wait_until (&w.done, 10000);
  g_assert_no_error (w.error);
  return session;
}

static KhSession *
open_session (KhTestServer *server)
{
  return open_session_as (server, NULL, NULL, KH_SESSION_FLAGS_NONE);
}

/* Sends text commands pipelined and waits for the last reply. */
static void
run_commands (KhSession *session, const char * const *lines)
{
  Wait last = { 0 };
  guint n = g_strv_length ((char **) lines);

  for (guint i = 0; i < n; i++)
    {
      g_auto(GStrv) argv = g_strsplit (lines[i], " ", -1);
      KhCommand *command = kh_command_new_argv (g_strv_length (argv), (const char **) argv, NULL);

      kh_session_send_async (session, command, NULL, i == n - 1 ? on_reply : NULL, &last);
    }
  kh_test_wait_until (&last.done, 10000);
  g_assert_no_error (last.error);
}

static void
fill_strings (KhSession *session, const char *prefix, guint n)
{
  Wait last = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s:%u", prefix, i);

      kh_session_send_async (session, kh_command_new_va ("SET", key, "value", NULL), NULL,
                             i == n - 1 ? on_reply : NULL, &last);
    }
  kh_test_wait_until (&last.done, 30000);
  g_assert_no_error (last.error);
}

static KhKeyItem *
item_new (const char *key, gsize len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (key, len);
  g_autofree char *name = kh_key_escape (key, len);

  return kh_key_item_new (bytes, name, FALSE, 1);
}

static void
wait_idle (KhKeyMetadata *metadata)
{
  gboolean idle = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* One pass so the coalescing idle runs, then until nothing is pending. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (kh_key_metadata_get_n_pending (metadata) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  idle = kh_key_metadata_get_n_pending (metadata) == 0;
  g_assert_true (idle);
}

static void
test_types_ttls_sizes (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  static const char * const setup[] = {
    "SET s value",
    "HSET h f1 v1 f2 v2",
    "RPUSH l a b c",
    "SADD st x y",
    "ZADD z 1 one 2 two",
    "XADD x * field value",
    "SET ttl value PX 100000",
    NULL
  };
  static const struct { const char *key; const char *type; } expected[] = {
    { "s", "string" }, { "h", "hash" }, { "l", "list" }, { "st", "set" },
    { "z", "zset" }, { "x", "stream" }, { "ttl", "string" },
  };
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyMetadata) metadata = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  KhKeyMetadataInfo info;
  guint64 before;

  if (server == NULL)
    return;
  session = open_session (server);
  run_commands (session, setup);
  metadata = kh_key_metadata_new (session);
  g_assert_true (kh_key_metadata_get_has_sizes (metadata));

  before = kh_key_metadata_get_commands_sent (metadata);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KhKeyItem *item = item_new (expected[i].key, strlen (expected[i].key));

      g_ptr_array_add (items, item);
      kh_key_metadata_request (metadata, item);
      g_assert_cmpint (kh_key_item_get_metadata_state (item), ==, KH_KEY_METADATA_LOADING);
    }
  /* Nothing goes out until the idle: one frame's rows make one pipeline. */
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, before);
  g_assert_cmpuint (kh_key_metadata_get_n_pending (metadata), ==, G_N_ELEMENTS (expected));
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata) - before, ==, 3 * G_N_ELEMENTS (expected));
  g_assert_cmpuint (kh_key_metadata_get_n_batches (metadata), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KhKeyItem *item = g_ptr_array_index (items, i);

      g_assert_cmpint (kh_key_item_get_metadata_state (item), ==, KH_KEY_METADATA_LOADED);
      g_assert_cmpstr (kh_key_item_get_key_type (item), ==, expected[i].type);
      g_assert_cmpint (kh_key_item_get_size (item), >, 0);
      if (g_str_equal (expected[i].key, "ttl"))
        {
          g_assert_cmpint (kh_key_item_get_ttl (item), >, 90000);
          g_assert_cmpint (kh_key_item_get_ttl (item), <=, 100000);
        }
      else
        g_assert_cmpint (kh_key_item_get_ttl (item), ==, KH_KEY_TTL_PERSISTENT);
    }

  /* The TTL is kept as an expiry time: the countdown needs no new command. */
  g_assert_true (kh_key_metadata_lookup (metadata, "ttl", 3, &info));
  g_assert_cmpstr (info.key_type, ==, "string");
  g_assert_cmpint (info.expires_at, >, g_get_monotonic_time () + 90 * G_USEC_PER_SEC);
  g_assert_cmpint (info.expires_at, <=, g_get_monotonic_time () + 100 * G_USEC_PER_SEC);
  g_assert_cmpint (kh_key_metadata_get_remaining_ttl (metadata, "ttl", 3), >, 90000);
  g_assert_cmpint (kh_key_metadata_get_remaining_ttl (metadata, "s", 1), ==, KH_KEY_TTL_PERSISTENT);
  g_assert_cmpint (kh_key_metadata_get_remaining_ttl (metadata, "nope", 4), ==, KH_KEY_TTL_MISSING);
  g_assert_true (kh_key_metadata_lookup (metadata, "s", 1, &info));
  g_assert_cmpint (info.expires_at, ==, 0);
  g_assert_cmpuint (kh_key_metadata_get_n_cached (metadata), ==, G_N_ELEMENTS (expected));

  kh_test_server_stop (server);
}

static void
test_cache_hit (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  static const char * const setup[] = { "HSET user:1 name ada", NULL };
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyMetadata) metadata = NULL;
  g_autoptr(KhKeyItem) first = item_new ("user:1", 6);
  g_autoptr(KhKeyItem) second = item_new ("user:1", 6);
  guint64 sent, session_sent;

  if (server == NULL)
    return;
  session = open_session (server);
  run_commands (session, setup);
  metadata = kh_key_metadata_new (session);

  kh_key_metadata_request (metadata, first);
  wait_idle (metadata);
  g_assert_cmpint (kh_key_item_get_metadata_state (first), ==, KH_KEY_METADATA_LOADED);

  /* A new row for the same key (the view recycled it) is filled from the cache. */
  sent = kh_key_metadata_get_commands_sent (metadata);
  session_sent = kh_session_get_commands_sent (session);
  kh_key_metadata_request (metadata, second);
  g_assert_cmpint (kh_key_item_get_metadata_state (second), ==, KH_KEY_METADATA_LOADED);
  g_assert_cmpstr (kh_key_item_get_key_type (second), ==, "hash");
  g_assert_cmpint (kh_key_item_get_size (second), ==, kh_key_item_get_size (first));
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, sent);
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, session_sent);

  /* After an edit the key is forgotten and asked for again. */
  kh_key_metadata_invalidate (metadata, "user:1", 6);
  g_assert_false (kh_key_metadata_lookup (metadata, "user:1", 6, NULL));
  kh_key_metadata_request (metadata, second);
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, sent + 3);
  g_assert_true (kh_key_metadata_lookup (metadata, "user:1", 6, NULL));

  kh_key_metadata_clear (metadata);
  g_assert_cmpuint (kh_key_metadata_get_n_cached (metadata), ==, 0);

  /* Only reads: a read-only profile gets metadata too. */
  {
    g_autoptr(KhSession) read_only = open_session_as (server, NULL, NULL, KH_SESSION_READ_ONLY);
    g_autoptr(KhKeyMetadata) ro_metadata = kh_key_metadata_new (read_only);
    g_autoptr(KhKeyItem) third = item_new ("user:1", 6);

    kh_key_metadata_request (ro_metadata, third);
    wait_idle (ro_metadata);
    g_assert_cmpint (kh_key_item_get_metadata_state (third), ==, KH_KEY_METADATA_LOADED);
    g_assert_cmpint (kh_key_item_get_size (third), >, 0);
  }
  kh_test_server_stop (server);
}

static void
test_economy (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  static const char * const setup[] = { "SET a 1", "SET b 2 EX 500", NULL };
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyMetadata) metadata = NULL;
  g_autoptr(KhKeyItem) a = item_new ("a", 1);
  g_autoptr(KhKeyItem) b = item_new ("b", 1);
  guint64 session_sent;

  if (server == NULL)
    return;
  session = open_session (server);
  run_commands (session, setup);
  metadata = kh_key_metadata_new (session);
  kh_key_metadata_set_economy (metadata, TRUE);
  g_assert_true (kh_key_metadata_get_economy (metadata));

  /* Binding rows sends nothing. */
  session_sent = kh_session_get_commands_sent (session);
  kh_key_metadata_request (metadata, a);
  kh_key_metadata_request (metadata, b);
  kh_key_metadata_flush (metadata);
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 0);
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, session_sent);
  g_assert_cmpint (kh_key_item_get_metadata_state (a), ==, KH_KEY_METADATA_NONE);

  /* "Load details": TYPE and PTTL, no MEMORY USAGE. */
  kh_key_metadata_request_now (metadata, b);
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 2);
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, session_sent + 2);
  g_assert_cmpint (kh_key_item_get_metadata_state (b), ==, KH_KEY_METADATA_LOADED);
  g_assert_cmpstr (kh_key_item_get_key_type (b), ==, "string");
  g_assert_cmpint (kh_key_item_get_ttl (b), >, 490000);
  g_assert_cmpint (kh_key_item_get_size (b), ==, -1);
  g_assert_cmpint (kh_key_item_get_metadata_state (a), ==, KH_KEY_METADATA_NONE);

  /* Once known, a key is shown from the cache even in economy mode. */
  {
    g_autoptr(KhKeyItem) again = item_new ("b", 1);

    kh_key_metadata_request (metadata, again);
    g_assert_cmpint (kh_key_item_get_metadata_state (again), ==, KH_KEY_METADATA_LOADED);
    g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 2);
  }

  /* Leaving economy mode: sizes again. */
  kh_key_metadata_set_economy (metadata, FALSE);
  kh_key_metadata_request (metadata, a);
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 5);
  g_assert_cmpint (kh_key_item_get_size (a), >, 0);
  kh_test_server_stop (server);
}

static void
on_vanished (KhKeyMetadata *metadata, GBytes *key, gpointer data)
{
  GPtrArray *vanished = data;

  g_ptr_array_add (vanished, g_bytes_ref (key));
}

static void
test_vanished (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  static const char * const setup[] = { "SET here 1", NULL };
  static const char gone_key[] = "gone\0\xff";
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyMetadata) metadata = NULL;
  g_autoptr(KhKeyItem) here = item_new ("here", 4);
  g_autoptr(KhKeyItem) gone = item_new (gone_key, sizeof gone_key - 1);
  g_autoptr(GPtrArray) vanished = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) expected = g_bytes_new (gone_key, sizeof gone_key - 1);

  if (server == NULL)
    return;
  session = open_session (server);
  run_commands (session, setup);
  metadata = kh_key_metadata_new (session);
  g_signal_connect (metadata, "key-vanished", G_CALLBACK (on_vanished), vanished);

  kh_key_metadata_request (metadata, here);
  kh_key_metadata_request (metadata, gone);
  wait_idle (metadata);
  g_assert_cmpuint (vanished->len, ==, 1);
  g_assert_true (g_bytes_equal (g_ptr_array_index (vanished, 0), expected));
  g_assert_cmpint (kh_key_item_get_metadata_state (gone), ==, KH_KEY_METADATA_MISSING);
  g_assert_cmpint (kh_key_item_get_ttl (gone), ==, KH_KEY_TTL_MISSING);
  g_assert_false (kh_key_metadata_lookup (metadata, gone_key, sizeof gone_key - 1, NULL));
  g_assert_cmpint (kh_key_item_get_metadata_state (here), ==, KH_KEY_METADATA_LOADED);

  /* A cached key that another client deleted is reported on the next fetch. */
  g_free (kh_test_server_cli (server, "DEL", "here", NULL));
  kh_key_metadata_request_now (metadata, here);
  wait_idle (metadata);
  g_assert_cmpuint (vanished->len, ==, 2);
  g_assert_cmpint (kh_key_item_get_metadata_state (here), ==, KH_KEY_METADATA_MISSING);
  kh_test_server_stop (server);
}

static void
on_expired (KhKeyMetadata *metadata,
            GPtrArray     *keys,
            GPtrArray     *expired)
{
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (expired, g_bytes_ref (g_ptr_array_index (keys, i)));
}

static gboolean
contains_key (GPtrArray  *keys,
              const char *key)
{
  for (guint i = 0; i < keys->len; i++)
    if (g_bytes_get_size (keys->pdata[i]) == strlen (key) &&
        memcmp (g_bytes_get_data (keys->pdata[i], NULL), key, strlen (key)) == 0)
      return TRUE;
  return FALSE;
}

/* Keys whose known TTL runs out are reported when it does, without a
 * command; a key given more time meanwhile, or forgotten, is not */
static void
test_expired (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  static const char * const setup[] = {
    "SET t:1 1 PX 400", "SET t:2 1 PX 400", "SET t:3 1 PX 400", "SET t:4 1 PX 400", "SET p 1", NULL,
  };
  static const char * const names[] = { "t:1", "t:2", "t:3", "t:4", "p" };
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyMetadata) metadata = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 deadline;
  guint64 sent;

  if (server == NULL)
    return;
  session = open_session (server);
  run_commands (session, setup);
  metadata = kh_key_metadata_new (session);
  g_signal_connect (metadata, "keys-expired", G_CALLBACK (on_expired), expired);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_ptr_array_add (items, item_new (names[i], strlen (names[i])));
      kh_key_metadata_request (metadata, items->pdata[i]);
    }
  wait_idle (metadata);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpint (kh_key_item_get_metadata_state (items->pdata[i]), ==, KH_KEY_METADATA_LOADED);

  /* t:3 is given a long TTL and asked again; t:4 is edited (forgotten) */
  g_free (kh_test_server_cli (server, "PEXPIRE", "t:3", "600000", NULL));
  kh_key_metadata_request_now (metadata, items->pdata[2]);
  wait_idle (metadata);
  kh_key_metadata_invalidate (metadata, "t:4", 3);
  sent = kh_key_metadata_get_commands_sent (metadata);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (expired->len < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* Nothing more comes */
  deadline = g_get_monotonic_time () + 600 * 1000;
  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);

  g_assert_cmpuint (expired->len, ==, 2);
  g_assert_true (contains_key (expired, "t:1"));
  g_assert_true (contains_key (expired, "t:2"));
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, sent);
  g_assert_false (kh_key_metadata_lookup (metadata, "t:1", 3, NULL));
  g_assert_true (kh_key_metadata_lookup (metadata, "t:3", 3, NULL));
  g_assert_true (kh_key_metadata_lookup (metadata, "p", 1, NULL));

  /* A cleared cache reports nothing of what it had */
  g_free (kh_test_server_cli (server, "SET", "t:5", "1", "PX", "300", NULL));
  g_ptr_array_add (items, item_new ("t:5", 3));
  kh_key_metadata_request (metadata, items->pdata[5]);
  wait_idle (metadata);
  kh_key_metadata_clear (metadata);
  deadline = g_get_monotonic_time () + 800 * 1000;
  while (g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_cmpuint (expired->len, ==, 2);
  kh_test_server_stop (server);
}

static void
test_pipeline_500 (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyMetadata) metadata = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 session_sent;
  guint first_wave;
  gint64 started, elapsed_pipelined, elapsed_serial;
  Wait w;

  if (server == NULL)
    return;
  session = open_session (server);
  fill_strings (session, "row", 500);
  metadata = kh_key_metadata_new (session);

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *key = g_strdup_printf ("row:%u", i);

      g_ptr_array_add (items, item_new (key, strlen (key)));
    }

  started = g_get_monotonic_time ();
  session_sent = kh_session_get_commands_sent (session);
  for (guint i = 0; i < items->len; i++)
    kh_key_metadata_request (metadata, g_ptr_array_index (items, i));
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 0);
  kh_key_metadata_flush (metadata);

  /* Sent before any reply could be read (the main loop has not run): the
   * first batches are one pipeline, not a round trip per key. */
  first_wave = KH_KEY_METADATA_BATCH_SIZE * KH_KEY_METADATA_MAX_BATCHES_IN_FLIGHT;
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 3 * first_wave);
  g_assert_cmpuint (kh_session_get_commands_sent (session) - session_sent, ==, 3 * first_wave);

  wait_idle (metadata);
  elapsed_pipelined = g_get_monotonic_time () - started;
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 3 * 500);
  g_assert_cmpuint (kh_session_get_commands_sent (session) - session_sent, ==, 3 * 500);
  g_assert_cmpuint (kh_key_metadata_get_n_batches (metadata),
                    ==, (500 + KH_KEY_METADATA_BATCH_SIZE - 1) / KH_KEY_METADATA_BATCH_SIZE);
  for (guint i = 0; i < items->len; i++)
    {
      KhKeyItem *item = g_ptr_array_index (items, i);

      g_assert_cmpint (kh_key_item_get_metadata_state (item), ==, KH_KEY_METADATA_LOADED);
      g_assert_cmpstr (kh_key_item_get_key_type (item), ==, "string");
    }

  /* For scale: 500 PINGs one round trip at a time. */
  started = g_get_monotonic_time ();
  for (guint i = 0; i < 500; i++)
    {
      memset (&w, 0, sizeof w);
      kh_session_send_async (session, kh_command_new ("PING"), NULL, on_reply, &w);
      kh_test_wait_until (&w.done, 5000);
    }
  elapsed_serial = g_get_monotonic_time () - started;
  g_test_message ("metadata for 500 keys: %" G_GINT64_FORMAT " us pipelined; "
                  "500 serial round trips: %" G_GINT64_FORMAT " us",
                  elapsed_pipelined, elapsed_serial);

  /* Economy with "Load details" on every row: two commands per key, still batched. */
  kh_key_metadata_clear (metadata);
  kh_key_metadata_set_economy (metadata, TRUE);
  session_sent = kh_key_metadata_get_commands_sent (metadata);
  for (guint i = 0; i < items->len; i++)
    kh_key_metadata_request_now (metadata, g_ptr_array_index (items, i));
  kh_key_metadata_flush (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata) - session_sent, ==, 2 * first_wave);
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata) - session_sent, ==, 2 * 500);
  g_assert_cmpuint (kh_key_metadata_get_n_batches (metadata), ==, 6);
  g_assert_cmpint (kh_key_item_get_size (g_ptr_array_index (items, 499)), ==, -1);
  kh_test_server_stop (server);
}

static void
test_cancel_pending (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyMetadata) metadata = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KhKeyItem) target = item_new ("row:999", 7);

  if (server == NULL)
    return;
  session = open_session (server);
  fill_strings (session, "row", 1000);
  metadata = kh_key_metadata_new (session);

  /* A scroll jump before the idle ran: nothing is sent for the old rows. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *key = g_strdup_printf ("row:%u", i);
      KhKeyItem *item = item_new (key, strlen (key));

      g_ptr_array_add (items, item);
      kh_key_metadata_request (metadata, item);
    }
  g_assert_cmpuint (kh_key_metadata_get_n_pending (metadata), ==, 300);
  kh_key_metadata_cancel_pending (metadata);
  g_assert_cmpuint (kh_key_metadata_get_n_pending (metadata), ==, 0);
  g_assert_cmpint (kh_key_item_get_metadata_state (g_ptr_array_index (items, 0)), ==, KH_KEY_METADATA_NONE);

  kh_key_metadata_request (metadata, target);
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 3);
  g_assert_cmpint (kh_key_item_get_metadata_state (target), ==, KH_KEY_METADATA_LOADED);
  g_assert_cmpint (kh_key_item_get_metadata_state (g_ptr_array_index (items, 299)), ==, KH_KEY_METADATA_NONE);

  /* Past the batches in flight, the rest of the queue can still be dropped. */
  for (guint i = 0; i < items->len; i++)
    kh_key_metadata_request (metadata, g_ptr_array_index (items, i));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *key = g_strdup_printf ("row:%u", 300 + i);
      KhKeyItem *item = item_new (key, strlen (key));

      g_ptr_array_add (items, item);
      kh_key_metadata_request (metadata, item);
    }
  kh_key_metadata_flush (metadata);
  kh_key_metadata_cancel_pending (metadata);
  wait_idle (metadata);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata),
                    ==, 3 + 3 * KH_KEY_METADATA_BATCH_SIZE * KH_KEY_METADATA_MAX_BATCHES_IN_FLIGHT);
  g_assert_cmpint (kh_key_item_get_metadata_state (g_ptr_array_index (items, 0)), ==, KH_KEY_METADATA_LOADED);
  g_assert_cmpint (kh_key_item_get_metadata_state (g_ptr_array_index (items, 599)), ==, KH_KEY_METADATA_NONE);
  kh_test_server_stop (server);
}

static void
test_no_memory_command (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  static const char * const setup[] = { "SET k1 v", "SET k2 v", NULL };
  g_autoptr(KhSession) admin = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyMetadata) metadata = NULL;
  g_autoptr(KhKeyItem) k1 = item_new ("k1", 2);
  g_autoptr(KhKeyItem) k2 = item_new ("k2", 2);
  g_autofree char *ok = NULL;

  if (server == NULL)
    return;
  admin = open_session (server);
  run_commands (admin, setup);
  /* A user who may not run MEMORY, as on some hosted plans. */
  ok = kh_test_server_cli (server, "ACL", "SETUSER", "nomem", "on", ">nomem-pass", "~*", "&*",
                           "+@all", "-memory", NULL);
  g_assert_cmpstr (ok, ==, "OK");
  session = open_session_as (server, "nomem", "nomem-pass", KH_SESSION_FLAGS_NONE);
  metadata = kh_key_metadata_new (session);

  kh_key_metadata_request (metadata, k1);
  wait_idle (metadata);
  g_assert_cmpint (kh_key_item_get_metadata_state (k1), ==, KH_KEY_METADATA_LOADED);
  g_assert_cmpstr (kh_key_item_get_key_type (k1), ==, "string");
  g_assert_cmpint (kh_key_item_get_size (k1), ==, -1);

  /* Refused once: not asked again. */
  g_assert_false (kh_key_metadata_get_has_sizes (metadata));
  kh_key_metadata_request (metadata, k2);
  wait_idle (metadata);
  g_assert_cmpint (kh_key_item_get_metadata_state (k2), ==, KH_KEY_METADATA_LOADED);
  g_assert_cmpuint (kh_key_metadata_get_commands_sent (metadata), ==, 3 + 2);
  kh_test_server_stop (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/key-metadata", "types-ttls-sizes", test_types_ttls_sizes);
  kh_test_add_for_each_server ("/core/key-metadata", "cache-hit", test_cache_hit);
  kh_test_add_for_each_server ("/core/key-metadata", "economy", test_economy);
  kh_test_add_for_each_server ("/core/key-metadata", "vanished", test_vanished);
  kh_test_add_for_each_server ("/core/key-metadata", "expired", test_expired);
  kh_test_add_for_each_server ("/core/key-metadata", "pipeline-500", test_pipeline_500);
  kh_test_add_for_each_server ("/core/key-metadata", "cancel-pending", test_cancel_pending);
  kh_test_add_for_each_server ("/core/key-metadata", "no-memory-command", test_no_memory_command);

  return g_test_run ();
}
