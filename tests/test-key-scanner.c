/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-scanner.c: KhKeyScanner against real servers */
#include <gio/gio.h>
#include <string.h>

#include "kh-connection.h"
#include "kh-error.h"
#include "kh-key-index.h"
#include "kh-key-scanner.h"
#include "kh-session.h"
#include "kh-test-proxy.h"
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
on_scanned (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->ok = kh_key_scanner_scan_finish (KH_KEY_SCANNER (object), result, &w->error);
  w->done = TRUE;
}

static void
on_selected (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->ok = kh_session_select_database_finish (KH_SESSION (object), result, &w->error);
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
open_session_on_port (guint16 port)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  KhSession *session;
  Wait w = { 0 };

  config->host = g_strdup ("127.0.0.1");
  config->port = port;
  config->connect_timeout_ms = 10000;
  session = kh_session_new (config, KH_SESSION_FLAGS_NONE);
  kh_session_open_async (session, NULL, on_open, &w);
  kh_test_wait_until (&w.done, 20000);
  g_assert_no_error (w.error);
  return session;
}

static KhSession *
open_session (KhTestServer *server)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  KhSession *session;
  Wait w = { 0 };

  config->host = g_strdup ("127.0.0.1");
  config->port = server->port;
  session = kh_session_new (config, KH_SESSION_FLAGS_NONE);
  kh_session_open_async (session, NULL, on_open, &w);
  kh_test_wait_until (&w.done, 10000);
  g_assert_no_error (w.error);
  return session;
}

/* Fills the server with @n keys named prefix:N of @type through the session, pipelined. */
static void
fill (KhSession  *session,
      const char *prefix,
      const char *type,
      guint       n)
{
  guint done = 0;
  Wait last = { 0 };

  for (guint i = 0; i < n; i++)
    {
      KhCommand *command;
      g_autofree char *key = g_strdup_printf ("%s:%u", prefix, i);

      if (g_str_equal (type, "hash"))
        command = kh_command_new_va ("HSET", key, "field", "value", NULL);
      else if (g_str_equal (type, "list"))
        command = kh_command_new_va ("RPUSH", key, "item", NULL);
      else
        command = kh_command_new_va ("SET", key, "value", NULL);
      kh_session_send_async (session, command, NULL, i == n - 1 ? on_reply : NULL, &last);
      done++;
    }
  kh_test_wait_until (&last.done, 30000);
  g_assert_no_error (last.error);
  g_assert_cmpuint (done, ==, n);
}

static gboolean
scan (KhKeyScanner *scanner,
      const char   *match,
      const char   *type,
      GCancellable *cancellable,
      GError      **error)
{
  Wait w = { 0 };

  kh_key_scanner_scan_async (scanner, match, type, cancellable, on_scanned, &w);
  kh_test_wait_until (&w.done, 60000);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.ok;
}

static gboolean
index_has (KhKeyIndex *index, const char *key)
{
  return kh_key_index_contains (index, key, strlen (key));
}

static void
test_scan_all_match_type (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyScanner) scanner = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;
  session = open_session (server);
  fill (session, "user", "hash", 3000);
  fill (session, "cache", "string", 4000);
  fill (session, "queue", "list", 50);

  scanner = kh_key_scanner_new (session, index);
  g_assert_true (scan (scanner, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 7050);
  g_assert_cmpuint (kh_key_scanner_get_db_size (scanner), ==, 7050);
  g_assert_cmpfloat (kh_key_scanner_get_fraction (scanner), ==, 1.0);
  g_assert_true (index_has (index, "user:2999"));
  g_assert_true (index_has (index, "queue:0"));
  g_assert_false (kh_key_scanner_is_running (scanner));

  /* MATCH: only matching keys */
  kh_key_index_clear (index);
  g_assert_true (scan (scanner, "user:1*", NULL, NULL, &error));
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 1 + 10 + 100 + 1000);
  g_assert_false (index_has (index, "user:2"));

  /* TYPE: only lists */
  kh_key_index_clear (index);
  g_assert_true (scan (scanner, NULL, "list", NULL, &error));
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 50);
  g_assert_true (index_has (index, "queue:49"));
  kh_test_server_stop (server);
}

static void
test_database_switch (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyScanner) scanner = NULL;
  g_autoptr(GError) error = NULL;
  Wait w = { 0 };

  if (server == NULL)
    return;
  session = open_session (server);
  fill (session, "zero", "string", 20);
  kh_session_select_database_async (session, 1, NULL, on_selected, &w);
  kh_test_wait_until (&w.done, 5000);
  g_assert_no_error (w.error);
  fill (session, "one", "string", 30);

  scanner = kh_key_scanner_new (session, index);
  g_assert_true (scan (scanner, NULL, NULL, NULL, &error));
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 30);
  g_assert_true (index_has (index, "one:0"));
  g_assert_false (index_has (index, "zero:0"));
  kh_test_server_stop (server);
}

typedef struct {
  KhTestServer *server;
  gboolean changed;
} Churn;

/* After the first batch, add and remove keys from another client. */
static void
on_batch_churn (KhKeyScanner *scanner, GParamSpec *pspec, Churn *churn)
{
  if (churn->changed)
    return;
  churn->changed = TRUE;
  g_free (kh_test_server_cli (churn->server, "SET", "added-during-scan", "1", NULL));
  g_free (kh_test_server_cli (churn->server, "DEL", "k:7", "k:8", "k:9", NULL));
}

static void
test_changes_during_scan (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyScanner) scanner = NULL;
  g_autoptr(GError) error = NULL;
  Churn churn = { 0 };
  guint missing = 0;

  if (server == NULL)
    return;
  session = open_session (server);
  fill (session, "k", "string", 20000);

  churn.server = server;
  scanner = kh_key_scanner_new (session, index);
  g_signal_connect (scanner, "notify::n-batches", G_CALLBACK (on_batch_churn), &churn);
  g_assert_true (scan (scanner, NULL, NULL, NULL, &error));
  g_assert_true (churn.changed);
  g_assert_cmpuint (kh_key_scanner_get_n_batches (scanner), >, 1);

  /* SCAN's guarantee: every key present for the whole scan is found */
  for (guint i = 10; i < 20000; i++)
    {
      g_autofree char *key = g_strdup_printf ("k:%u", i);
      if (!index_has (index, key))
        missing++;
    }
  g_assert_cmpuint (missing, ==, 0);
  /* keys seen twice are stored once */
  g_assert_cmpuint (kh_key_index_get_n_keys (index), <=, 20001);
  kh_test_server_stop (server);
}

typedef struct {
  KhSession *session;
  gboolean grown;
} Grow;

/* After the first batches, add many keys so the server's table resizes mid-scan. */
static void
on_batch_grow (KhKeyScanner *scanner, GParamSpec *pspec, Grow *grow)
{
  if (grow->grown || kh_key_scanner_get_n_batches (scanner) < 4)
    return;
  grow->grown = TRUE;
  for (guint i = 0; i < 40000; i++)
    {
      g_autofree char *key = g_strdup_printf ("late:%u", i);
      kh_session_send_async (grow->session, kh_command_new_va ("SET", key, "1", NULL), NULL, NULL, NULL);
    }
}

static void
test_split_during_resize (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyScanner) scanner = NULL;
  g_autoptr(GError) error = NULL;
  Grow grow = { 0 };
  guint missing = 0;

  if (server == NULL)
    return;
  session = open_session (server);
  fill (session, "early", "string", 30000);

  grow.session = session;
  scanner = kh_key_scanner_new (session, index);
  g_signal_connect (scanner, "notify::n-batches", G_CALLBACK (on_batch_grow), &grow);
  g_assert_true (scan (scanner, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (grow.grown);

  /* every key present for the whole scan is found, across the parallel chains */
  for (guint i = 0; i < 30000; i++)
    {
      g_autofree char *key = g_strdup_printf ("early:%u", i);
      if (!index_has (index, key))
        missing++;
    }
  g_assert_cmpuint (missing, ==, 0);
  g_assert_cmpuint (kh_key_index_get_n_keys (index), <=, 70000);

  /* and a scan of the settled keyspace finds exactly all of it */
  kh_key_index_clear (index);
  g_assert_true (scan (scanner, NULL, NULL, NULL, &error));
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, 70000);
  kh_test_server_stop (server);
}

static void
on_batch_cancel (KhKeyScanner *scanner, GParamSpec *pspec, GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
on_batch_kill (KhKeyScanner *scanner, GParamSpec *pspec, KhTestServer *server)
{
  if (server->pid != 0)
    kh_test_server_kill (server);
}

static void
test_cancel_and_lost_server (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyScanner) scanner = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gulong id;
  guint loaded;

  if (server == NULL)
    return;
  session = open_session (server);
  fill (session, "k", "string", 20000);
  scanner = kh_key_scanner_new (session, index);

  /* cancel after the first batch: what was loaded stays */
  id = g_signal_connect (scanner, "notify::n-batches", G_CALLBACK (on_batch_cancel), cancellable);
  g_assert_false (scan (scanner, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, "incomplete"));
  g_clear_error (&error);
  loaded = kh_key_index_get_n_keys (index);
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (loaded, <, 20000);
  g_assert_false (kh_key_scanner_is_running (scanner));
  g_signal_handler_disconnect (scanner, id);

  /* the server dies after the first batch: the keys stay and the error says how many */
  kh_key_index_clear (index);
  g_signal_connect (scanner, "notify::n-batches", G_CALLBACK (on_batch_kill), server);
  g_assert_false (scan (scanner, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "incomplete"));
  loaded = kh_key_index_get_n_keys (index);
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (loaded, <, 20000);
  {
    g_autofree char *count = g_strdup_printf ("%u", loaded);
    g_assert_nonnull (strstr (error->message, count));
  }
  kh_session_close (session);
  kh_test_server_stop (server);
}

static void
test_next_count (void)
{
  /* fast server: grow; slow: shrink; always within bounds */
  /* A long round trip: grow while the server's work is shorter */
  g_assert_cmpuint (kh_key_scanner_next_count (1000, 100, 40000), ==, 2000);
  g_assert_cmpuint (kh_key_scanner_next_count (1000, 2000, 40000), ==, 1000);
  /* Doubling a SCAN that took more than half the budget would go over it */
  g_assert_cmpuint (kh_key_scanner_next_count (1000, KH_KEY_SCANNER_TARGET_SERVER_US / 2 + 100, 40000), ==, 1000);
  g_assert_cmpuint (kh_key_scanner_next_count (1000, 4000, 40000), ==, 500);
  /* A short one: no growth, larger SCANs only cost the server more */
  g_assert_cmpuint (kh_key_scanner_next_count (1000, 600, 80), ==, 1000);
  /* Too long on the server: shrink, whatever the link */
  g_assert_cmpuint (kh_key_scanner_next_count (1000, 9000, 80), ==, 500);
  g_assert_cmpuint (kh_key_scanner_next_count (1000, 9000, 40000), ==, 500);
  g_assert_cmpuint (kh_key_scanner_next_count (KH_KEY_SCANNER_MAX_COUNT, 0, 40000), ==, KH_KEY_SCANNER_MAX_COUNT);
  g_assert_cmpuint (kh_key_scanner_next_count (KH_KEY_SCANNER_MIN_COUNT, 100000, 40000), ==, KH_KEY_SCANNER_MIN_COUNT);
}

/* Each SCAN stays within its budget on the server, also where a long round trip
 * tempts the scanner to ask for more keys per call: the slow log, which measures
 * the server's own time, has no SCAN over 5 ms with a COUNT the scanner grew. */
#define BUDGET_KEYS 200000

static void
test_scan_budget (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) filler = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhKeyIndex) index = kh_key_index_new ();
  g_autoptr(KhKeyScanner) scanner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *slowlog = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_slow = 0;
  guint16 port;

  if (server == NULL)
    return;
  filler = open_session (server);
  fill (filler, "k", "string", BUDGET_KEYS);
  kh_session_close (filler);

  /* Every command is logged with the server's own time for it. */
  reply = kh_test_server_cli (server, "CONFIG", "SET", "slowlog-log-slower-than", "0", NULL);
  g_assert_cmpstr (reply, ==, "OK");
  g_clear_pointer (&reply, g_free);
  reply = kh_test_server_cli (server, "CONFIG", "SET", "slowlog-max-len", "100000", NULL);
  g_assert_cmpstr (reply, ==, "OK");
  g_clear_pointer (&reply, g_free);
  reply = kh_test_server_cli (server, "SLOWLOG", "RESET", NULL);
  g_assert_cmpstr (reply, ==, "OK");

  /* 20 ms each way, as a server on another continent. */
  port = kh_test_delay_proxy_start (server->port, 20 * 1000);
  session = open_session_on_port (port);
  scanner = kh_key_scanner_new (session, index);
  g_assert_true (scan (scanner, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kh_key_index_get_n_keys (index), ==, BUDGET_KEYS);

  /* The SCANs whose COUNT the scanner grew past its start: their typical time
   * on the server is within the budget. A SCAN may still go over when the
   * machine is busy (the slow log counts time the server waited for a CPU too),
   * so one in ten may; a COUNT grown by the round trip (8,000-16,000 took
   * 10-166 ms before) makes most of them go over. */
  slowlog = kh_test_server_cli (server, "SLOWLOG", "GET", "100000", NULL);
  lines = g_strsplit (slowlog, "\n", -1);
  {
    g_autoptr(GArray) grown = g_array_new (FALSE, FALSE, sizeof (guint64));
    guint n_scans = 0;

    /* Each entry reads: id, time, microseconds, then the command's words. */
    for (guint i = 3; lines[i] != NULL; i++)
      {
        guint64 count = 0;

        if (g_ascii_strcasecmp (lines[i], "SCAN") != 0)
          continue;
        n_scans++;
        for (guint j = i + 1; lines[j] != NULL && j < i + 8; j++)
          if (g_ascii_strcasecmp (lines[j], "COUNT") == 0 && lines[j + 1] != NULL)
            count = g_ascii_strtoull (lines[j + 1], NULL, 10);
        if (count > 1000)
          {
            guint64 us = g_ascii_strtoull (lines[i - 1], NULL, 10);

            g_array_append_val (grown, us);
          }
      }
    g_assert_cmpuint (n_scans, >, 0);
    for (guint i = 0; i < grown->len; i++)
      if (g_array_index (grown, guint64, i) > 5000)
        n_slow++;
    g_test_message ("%u SCANs, %u with a grown COUNT, %u of those over 5 ms", n_scans, grown->len, n_slow);
    if (n_slow * 10 > grown->len)
      g_error ("%u of %u SCANs with a grown COUNT went over 5 ms on the server:\n%s",
               n_slow, grown->len, slowlog);
  }

  kh_session_close (session);
  kh_test_server_stop (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/key-scanner/next-count", test_next_count);
  kh_test_add_for_each_server ("/core/key-scanner", "all-match-type", test_scan_all_match_type);
  kh_test_add_for_each_server ("/core/key-scanner", "database-switch", test_database_switch);
  kh_test_add_for_each_server ("/core/key-scanner", "changes-during-scan", test_changes_during_scan);
  kh_test_add_for_each_server ("/core/key-scanner", "cancel-and-lost-server", test_cancel_and_lost_server);
  kh_test_add_for_each_server ("/core/key-scanner", "split-during-resize", test_split_during_resize);
  kh_test_add_for_each_server ("/core/key-scanner", "budget", test_scan_budget);

  return g_test_run ();
}
