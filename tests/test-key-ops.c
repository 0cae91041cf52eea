/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-ops.c: key operations and bulk delete against real servers */
#include <gio/gio.h>
#include <string.h>

#include "kh-connection.h"
#include "kh-error.h"
#include "kh-glob.h"
#include "kh-key-item.h"
#include "kh-key-ops.h"
#include "kh-session.h"
#include "kh-test-server.h"

typedef struct {
  gboolean done;
  GAsyncResult *result;
  GError *error;
} Wait;

static void
on_open (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  kh_session_open_finish (KH_SESSION (object), result, &w->error);
  w->done = TRUE;
}

static void
on_done (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
  w->done = TRUE;
}

static void
on_reply (GObject *object, GAsyncResult *result, gpointer data)
{
  Wait *w = data;
  g_autoptr(KhReply) reply = kh_session_send_finish (KH_SESSION (object), result, &w->error);

  w->done = TRUE;
}

/* Waits for the operation started with on_done and &w; returns its result. */
static GAsyncResult *
await (Wait *w)
{
  kh_test_wait_until (&w->done, 60000);
  g_assert_nonnull (w->result);
  return w->result;
}

static KhSession *
open_session (KhTestServer *server, KhSessionFlags flags)
{
  g_autoptr(KhConnectionConfig) config = kh_connection_config_new ();
  KhSession *session;
  Wait w = { 0 };

  config->host = g_strdup ("127.0.0.1");
  config->port = server->port;
  session = kh_session_new (config, flags);
  kh_session_open_async (session, NULL, on_open, &w);
  kh_test_wait_until (&w.done, 10000);
  g_assert_no_error (w.error);
  return session;
}

/* Sends one command (binary-safe arguments, @n of them) and waits. */
static void
send_argv (KhSession *session, guint n, const char **argv, const gsize *lens)
{
  Wait w = { 0 };

  kh_session_send_async (session, kh_command_new_argv (n, argv, lens), NULL, on_reply, &w);
  kh_test_wait_until (&w.done, 10000);
  g_assert_no_error (w.error);
}

static void
run (KhSession *session, const char *line)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);

  send_argv (session, g_strv_length (argv), (const char **) argv, NULL);
}

static void
fill (KhSession *session, const char *prefix, guint n)
{
  Wait last = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s%u", prefix, i);

      kh_session_send_async (session, kh_command_new_va ("SET", key, "v", NULL), NULL,
                             i == n - 1 ? on_reply : NULL, &last);
    }
  kh_test_wait_until (&last.done, 60000);
  g_assert_no_error (last.error);
}

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static guint64
cli_int (KhTestServer *server, const char *a, const char *b)
{
  g_autofree char *out = kh_test_server_cli (server, a, b, NULL);

  g_assert_nonnull (out);
  return g_ascii_strtoll (out, NULL, 10);
}

/* Keys matching @pattern, counted with the CLI's own SCAN. */
static guint
cli_scan_count (KhTestServer *server, const char *pattern)
{
  g_autofree char *out = kh_test_server_cli (server, "--scan", "--pattern", pattern, NULL);
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_nonnull (out);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      n++;
  return n;
}

/* "key-changed", as "name:flags " (NULL: "*") */
static void
log_key_change (KhSession *session,
                GBytes    *key,
                guint      change,
                GString   *log)
{
  if (key == NULL)
    g_string_append (log, "*");
  else
    g_string_append_len (log, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_string_append_printf (log, ":%s%s%s%s ", change & KH_KEY_CHANGED_VALUE ? "v" : "",
                          change & KH_KEY_CHANGED_TTL ? "t" : "", change & KH_KEY_CHANGED_GONE ? "g" : "",
                          change & KH_KEY_CHANGED_NEW ? "n" : "");
}

static void
test_delete (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  static const char bin_key[] = "bin\0\xff";
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("doomed");
  g_autoptr(GBytes) bin = g_bytes_new (bin_key, sizeof bin_key - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  gboolean existed = FALSE;
  Wait w = { 0 };

  if (server == NULL)
    return;
  session = open_session (server, KH_SESSION_FLAGS_NONE);
  run (session, "SET doomed v");
  run (session, "SET bystander v");
  g_signal_connect (session, "key-changed", G_CALLBACK (log_key_change), changes);

  kh_key_delete_async (session, key, NULL, on_done, &w);
  g_assert_true (kh_key_delete_finish (session, await (&w), &existed, &error));
  g_assert_no_error (error);
  g_assert_true (existed);
  g_clear_object (&w.result);
  /* Every view of the key hears of it */
  g_assert_cmpstr (changes->str, ==, "doomed:g ");
  g_assert_cmpuint (cli_int (server, "EXISTS", "doomed"), ==, 0);
  g_assert_cmpuint (cli_int (server, "EXISTS", "bystander"), ==, 1);

  /* Already gone: not an error, but said. */
  memset (&w, 0, sizeof w);
  kh_key_delete_async (session, key, NULL, on_done, &w);
  g_assert_true (kh_key_delete_finish (session, await (&w), &existed, &error));
  g_assert_false (existed);
  g_clear_object (&w.result);

  /* Binary key. */
  {
    const char *argv[] = { "SET", bin_key, "v" };
    const gsize lens[] = { 3, sizeof bin_key - 1, 1 };

    send_argv (session, 3, argv, lens);
  }
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 2);
  memset (&w, 0, sizeof w);
  kh_key_delete_async (session, bin, NULL, on_done, &w);
  g_assert_true (kh_key_delete_finish (session, await (&w), &existed, &error));
  g_assert_true (existed);
  g_clear_object (&w.result);
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 1);
  g_signal_handlers_disconnect_by_func (session, log_key_change, changes);
  kh_test_server_stop (server);
}

static void
test_rename (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) a = bytes ("a");
  g_autoptr(GBytes) b = bytes ("b");
  g_autoptr(GBytes) missing = bytes ("missing");
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  guint64 sent;
  Wait w = { 0 };

  if (server == NULL)
    return;
  session = open_session (server, KH_SESSION_FLAGS_NONE);
  run (session, "SET a from-a");
  run (session, "SET b from-b");

  /* Default: the target exists, so nothing changes. */
  kh_key_rename_async (session, a, b, KH_KEY_RENAME_DEFAULT, NULL, on_done, &w);
  g_assert_false (kh_key_rename_finish (session, await (&w), &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_CONFLICT);
  g_assert_cmpstr (error->message, ==, "A key named “b” already exists");
  g_clear_error (&error);
  g_clear_object (&w.result);
  value = kh_test_server_cli (server, "GET", "b", NULL);
  g_assert_cmpstr (value, ==, "from-b");
  g_clear_pointer (&value, g_free);
  g_assert_cmpuint (cli_int (server, "EXISTS", "a"), ==, 1);

  /* Overwrite asked for explicitly. */
  memset (&w, 0, sizeof w);
  kh_key_rename_async (session, a, b, KH_KEY_RENAME_OVERWRITE, NULL, on_done, &w);
  g_assert_true (kh_key_rename_finish (session, await (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  value = kh_test_server_cli (server, "GET", "b", NULL);
  g_assert_cmpstr (value, ==, "from-a");
  g_clear_pointer (&value, g_free);
  g_assert_cmpuint (cli_int (server, "EXISTS", "a"), ==, 0);

  /* To a free name without overwrite. */
  memset (&w, 0, sizeof w);
  kh_key_rename_async (session, b, a, KH_KEY_RENAME_DEFAULT, NULL, on_done, &w);
  g_assert_true (kh_key_rename_finish (session, await (&w), &error));
  g_clear_object (&w.result);
  g_assert_cmpuint (cli_int (server, "EXISTS", "a"), ==, 1);
  g_assert_cmpuint (cli_int (server, "EXISTS", "b"), ==, 0);

  /* The source is gone. */
  memset (&w, 0, sizeof w);
  kh_key_rename_async (session, missing, b, KH_KEY_RENAME_OVERWRITE, NULL, on_done, &w);
  g_assert_false (kh_key_rename_finish (session, await (&w), &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“missing”"));
  g_clear_error (&error);
  g_clear_object (&w.result);

  /* Same name: nothing to send. */
  sent = kh_session_get_commands_sent (session);
  memset (&w, 0, sizeof w);
  kh_key_rename_async (session, a, a, KH_KEY_RENAME_DEFAULT, NULL, on_done, &w);
  g_assert_true (kh_key_rename_finish (session, await (&w), &error));
  g_clear_object (&w.result);
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);
  kh_test_server_stop (server);
}

static void
test_ttl (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("t");
  g_autoptr(GBytes) missing = bytes ("missing");
  g_autoptr(GError) error = NULL;
  gint64 pttl;
  Wait w = { 0 };

  if (server == NULL)
    return;
  session = open_session (server, KH_SESSION_FLAGS_NONE);
  run (session, "SET t v");

  kh_key_set_ttl_async (session, key, 50000, NULL, on_done, &w);
  g_assert_true (kh_key_set_ttl_finish (session, await (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  pttl = (gint64) cli_int (server, "PTTL", "t");
  g_assert_cmpint (pttl, >, 40000);
  g_assert_cmpint (pttl, <=, 50000);

  memset (&w, 0, sizeof w);
  kh_key_clear_ttl_async (session, key, NULL, on_done, &w);
  g_assert_true (kh_key_clear_ttl_finish (session, await (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpint ((gint64) cli_int (server, "PTTL", "t"), ==, -1);

  /* Clearing a TTL that is not there is fine. */
  memset (&w, 0, sizeof w);
  kh_key_clear_ttl_async (session, key, NULL, on_done, &w);
  g_assert_true (kh_key_clear_ttl_finish (session, await (&w), &error));
  g_clear_object (&w.result);

  /* A key that is gone, for both. */
  memset (&w, 0, sizeof w);
  kh_key_set_ttl_async (session, missing, 1000, NULL, on_done, &w);
  g_assert_false (kh_key_set_ttl_finish (session, await (&w), &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&w.result);

  memset (&w, 0, sizeof w);
  kh_key_clear_ttl_async (session, missing, NULL, on_done, &w);
  g_assert_false (kh_key_clear_ttl_finish (session, await (&w), &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&w.result);

  /* Zero would delete the key: refused, and the key keeps living. */
  memset (&w, 0, sizeof w);
  kh_key_set_ttl_async (session, key, 0, NULL, on_done, &w);
  g_assert_false (kh_key_set_ttl_finish (session, await (&w), &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_clear_object (&w.result);
  g_assert_cmpuint (cli_int (server, "EXISTS", "t"), ==, 1);
  kh_test_server_stop (server);
}

static void
test_lookup (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  static const char bin_key[] = "k\0\xfe\n";
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) hash = bytes ("h");
  g_autoptr(GBytes) missing = bytes ("missing");
  g_autoptr(GBytes) bin = g_bytes_new (bin_key, sizeof bin_key - 1);
  g_autoptr(GError) error = NULL;
  KhKeyLookup lookup;
  guint64 sent;
  Wait w = { 0 };

  if (server == NULL)
    return;
  session = open_session (server, KH_SESSION_FLAGS_NONE);
  run (session, "HSET h f v");
  run (session, "PEXPIRE h 60000");
  {
    const char *argv[] = { "SET", bin_key, "v" };
    const gsize lens[] = { 3, sizeof bin_key - 1, 1 };

    send_argv (session, 3, argv, lens);
  }

  sent = kh_session_get_commands_sent (session);
  kh_key_lookup_async (session, hash, NULL, on_done, &w);
  g_assert_true (kh_key_lookup_finish (session, await (&w), &lookup, &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_true (lookup.exists);
  g_assert_cmpstr (lookup.key_type, ==, "hash");
  g_assert_cmpint (lookup.ttl_ms, >, 50000);
  g_assert_cmpint (lookup.ttl_ms, <=, 60000);
  /* EXISTS, TYPE and PTTL; no SCAN. */
  g_assert_cmpuint (kh_session_get_commands_sent (session) - sent, ==, 3);

  memset (&w, 0, sizeof w);
  kh_key_lookup_async (session, missing, NULL, on_done, &w);
  g_assert_true (kh_key_lookup_finish (session, await (&w), &lookup, &error));
  g_clear_object (&w.result);
  g_assert_false (lookup.exists);
  g_assert_null (lookup.key_type);
  g_assert_cmpint (lookup.ttl_ms, ==, KH_KEY_TTL_MISSING);

  memset (&w, 0, sizeof w);
  kh_key_lookup_async (session, bin, NULL, on_done, &w);
  g_assert_true (kh_key_lookup_finish (session, await (&w), &lookup, &error));
  g_clear_object (&w.result);
  g_assert_true (lookup.exists);
  g_assert_cmpstr (lookup.key_type, ==, "string");
  g_assert_cmpint (lookup.ttl_ms, ==, KH_KEY_TTL_PERSISTENT);
  kh_test_server_stop (server);
}

typedef struct {
  guint n_calls;
  KhKeyBulkProgress last;
  gboolean monotonic;
  GCancellable *cancel_after_first_delete;
} Progress;

static void
on_progress (const KhKeyBulkProgress *progress, gpointer data)
{
  Progress *p = data;

  if (p->n_calls > 0 && (progress->n_deleted < p->last.n_deleted || progress->n_seen < p->last.n_seen))
    p->monotonic = FALSE;
  p->n_calls++;
  p->last = *progress;
  if (p->cancel_after_first_delete != NULL && progress->n_deleted > 0)
    g_cancellable_cancel (p->cancel_after_first_delete);
}

static void
test_bulk_delete (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GString) changes = g_string_new (NULL);
  g_autoptr(GBytes) pattern = bytes ("bulk:*");
  g_autoptr(GBytes) prefix = bytes ("a*b:");
  g_autoptr(GBytes) ns_pattern = NULL;
  g_autoptr(GPtrArray) sample = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE };
  guint64 n = 0;
  Wait w = { 0 };

  if (server == NULL)
    return;
  session = open_session (server, KH_SESSION_FLAGS_NONE);
  fill (session, "bulk:", 5000);
  fill (session, "keep:", 4900);
  fill (session, "a*b:", 50);
  fill (session, "axb:", 50);
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 10000);

  /* Preview: the count, and a sample of names. */
  kh_key_bulk_delete_preview_async (session, pattern, on_progress, &progress, NULL, on_done, &w);
  g_assert_true (kh_key_bulk_delete_preview_finish (session, await (&w), &n, &sample, &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpuint (n, ==, 5000);
  g_assert_cmpuint (sample->len, ==, KH_KEY_BULK_PREVIEW_SAMPLE);
  for (guint i = 0; i < sample->len; i++)
    {
      gsize len;
      const char *name = g_bytes_get_data (g_ptr_array_index (sample, i), &len);

      g_assert_true (len > 5 && memcmp (name, "bulk:", 5) == 0);
    }
  g_clear_pointer (&sample, g_ptr_array_unref);
  g_assert_cmpuint (progress.n_calls, >, 1);
  g_assert_true (progress.last.done);
  g_assert_cmpuint (progress.last.db_size, ==, 10000);
  g_assert_cmpuint (progress.last.n_deleted, ==, 0);
  /* A preview deletes nothing. */
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 10000);

  /* The namespace "a*b:" is 50 keys, not the 100 that a raw glob would take. */
  ns_pattern = kh_key_ops_namespace_pattern (prefix);
  memset (&w, 0, sizeof w);
  kh_key_bulk_delete_preview_async (session, ns_pattern, NULL, NULL, NULL, on_done, &w);
  g_assert_true (kh_key_bulk_delete_preview_finish (session, await (&w), &n, NULL, &error));
  g_clear_object (&w.result);
  g_assert_cmpuint (n, ==, 50);

  /* Delete by pattern. */
  memset (&progress, 0, sizeof progress);
  progress.monotonic = TRUE;
  memset (&w, 0, sizeof w);
  g_signal_connect (session, "key-changed", G_CALLBACK (log_key_change), changes);
  kh_key_bulk_delete_async (session, pattern, on_progress, &progress, NULL, on_done, &w);
  g_assert_true (kh_key_bulk_delete_finish (session, await (&w), &n, &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_cmpuint (n, ==, 5000);
  /* Which keys went is not kept: views check theirs, once */
  g_assert_cmpstr (changes->str, ==, "*:g ");
  g_signal_handlers_disconnect_by_func (session, log_key_change, changes);
  g_assert_true (progress.monotonic);
  g_assert_true (progress.last.done);
  g_assert_cmpuint (progress.last.n_deleted, ==, 5000);
  g_assert_cmpfloat (progress.last.fraction, ==, 1.0);
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 5000);
  g_assert_cmpuint (cli_scan_count (server, "bulk:*"), ==, 0);
  g_assert_cmpuint (cli_scan_count (server, "keep:*"), ==, 4900);

  /* Delete the tricky namespace: "axb:" stays. */
  memset (&w, 0, sizeof w);
  kh_key_bulk_delete_async (session, ns_pattern, NULL, NULL, NULL, on_done, &w);
  g_assert_true (kh_key_bulk_delete_finish (session, await (&w), &n, &error));
  g_clear_object (&w.result);
  g_assert_cmpuint (n, ==, 50);
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 4950);
  g_assert_cmpuint (cli_scan_count (server, "axb:*"), ==, 50);
  g_assert_cmpuint (cli_scan_count (server, "a\\*b:*"), ==, 0);

  /* Nothing matches: a clean zero. */
  memset (&w, 0, sizeof w);
  kh_key_bulk_delete_async (session, pattern, NULL, NULL, NULL, on_done, &w);
  g_assert_true (kh_key_bulk_delete_finish (session, await (&w), &n, &error));
  g_clear_object (&w.result);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 4950);
  kh_test_server_stop (server);
}

static void
test_bulk_delete_cancel (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) pattern = bytes ("c:*");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  Progress progress = { .monotonic = TRUE };
  guint64 n = 0;
  Wait w = { 0 };

  if (server == NULL)
    return;
  session = open_session (server, KH_SESSION_FLAGS_NONE);
  fill (session, "c:", 30000);
  fill (session, "other:", 100);

  progress.cancel_after_first_delete = cancellable;
  kh_key_bulk_delete_async (session, pattern, on_progress, &progress, cancellable, on_done, &w);
  g_assert_false (kh_key_bulk_delete_finish (session, await (&w), &n, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&w.result);

  /* The tally is what the server removed: no more, no less. */
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, 30000);
  expected = g_strdup_printf ("Deleted %" G_GUINT64_FORMAT " keys before you stopped", n);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (progress.last.n_deleted, ==, n);
  g_assert_true (progress.last.done);
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 30100 - n);
  g_assert_cmpuint (cli_scan_count (server, "other:*"), ==, 100);
  g_test_message ("cancelled after %" G_GUINT64_FORMAT " of 30000 keys", n);
  kh_test_server_stop (server);
}

static void
test_read_only (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) writer = NULL;
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) a = bytes ("a");
  g_autoptr(GBytes) b = bytes ("b");
  g_autoptr(GBytes) pattern = bytes ("*");
  g_autoptr(GError) error = NULL;
  KhKeyLookup lookup;
  guint64 sent, n;
  Wait w = { 0 };

  if (server == NULL)
    return;
  writer = open_session (server, KH_SESSION_FLAGS_NONE);
  run (writer, "SET a 1");
  run (writer, "SET b 2 PX 600000");
  session = open_session (server, KH_SESSION_READ_ONLY);
  sent = kh_session_get_commands_sent (session);

#define EXPECT_READ_ONLY(call, finish)                                  \
  G_STMT_START {                                                        \
    memset (&w, 0, sizeof w);                                           \
    call;                                                               \
    g_assert_false (finish);                                            \
    g_assert_error (error, KH_ERROR, KH_ERROR_READ_ONLY);               \
    g_assert_nonnull (strstr (error->message, "read-only"));            \
    g_clear_error (&error);                                             \
    g_clear_object (&w.result);                                         \
  } G_STMT_END

  EXPECT_READ_ONLY (kh_key_delete_async (session, a, NULL, on_done, &w),
                    kh_key_delete_finish (session, await (&w), NULL, &error));
  EXPECT_READ_ONLY (kh_key_rename_async (session, a, b, KH_KEY_RENAME_OVERWRITE, NULL, on_done, &w),
                    kh_key_rename_finish (session, await (&w), &error));
  EXPECT_READ_ONLY (kh_key_rename_async (session, a, b, KH_KEY_RENAME_DEFAULT, NULL, on_done, &w),
                    kh_key_rename_finish (session, await (&w), &error));
  EXPECT_READ_ONLY (kh_key_set_ttl_async (session, a, 1000, NULL, on_done, &w),
                    kh_key_set_ttl_finish (session, await (&w), &error));
  EXPECT_READ_ONLY (kh_key_clear_ttl_async (session, b, NULL, on_done, &w),
                    kh_key_clear_ttl_finish (session, await (&w), &error));
  EXPECT_READ_ONLY (kh_key_bulk_delete_preview_async (session, pattern, NULL, NULL, NULL, on_done, &w),
                    kh_key_bulk_delete_preview_finish (session, await (&w), &n, NULL, &error));
  EXPECT_READ_ONLY (kh_key_bulk_delete_async (session, pattern, NULL, NULL, NULL, on_done, &w),
                    kh_key_bulk_delete_finish (session, await (&w), &n, &error));
  g_assert_cmpuint (n, ==, 0);

#undef EXPECT_READ_ONLY

  /* Refused before anything was sent, and the keys are as they were. */
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);
  g_assert_cmpuint (cli_int (server, "DBSIZE", NULL), ==, 2);
  g_assert_cmpint ((gint64) cli_int (server, "PTTL", "a"), ==, -1);
  g_assert_cmpint ((gint64) cli_int (server, "PTTL", "b"), >, 500000);

  /* Reading is allowed. */
  memset (&w, 0, sizeof w);
  kh_key_lookup_async (session, a, NULL, on_done, &w);
  g_assert_true (kh_key_lookup_finish (session, await (&w), &lookup, &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_true (lookup.exists);
  kh_test_server_stop (server);
}

static void
test_escape_glob (void)
{
  static const char tricky[] = "a*b?[c]\\d";
  static const char bin_prefix[] = "x\0*:";
  g_autofree char *escaped = NULL;
  g_autoptr(GBytes) prefix = bytes ("a*b:");
  g_autoptr(GBytes) bin = g_bytes_new (bin_prefix, sizeof bin_prefix - 1);
  g_autoptr(GBytes) pattern = NULL;
  const char *p;
  gsize len;

  escaped = kh_key_ops_escape_glob (tricky, strlen (tricky), &len);
  g_assert_cmpstr (escaped, ==, "a\\*b\\?\\[c\\]\\\\d");
  g_assert_cmpuint (len, ==, strlen (escaped));
  g_assert_true (kh_glob_match (escaped, len, tricky, strlen (tricky)));
  g_assert_false (kh_glob_match (escaped, len, "axb?[c]\\d", 9));

  pattern = kh_key_ops_namespace_pattern (prefix);
  p = g_bytes_get_data (pattern, &len);
  g_assert_cmpmem (p, len, "a\\*b:*", 6);
  g_assert_true (kh_glob_match (p, len, "a*b:1", 5));
  g_assert_true (kh_glob_match (p, len, "a*b:x:y", 7));
  g_assert_false (kh_glob_match (p, len, "axb:1", 5));
  g_assert_false (kh_glob_match (p, len, "a*bc:1", 6));
  g_clear_pointer (&pattern, g_bytes_unref);

  /* Binary prefixes stay binary. */
  pattern = kh_key_ops_namespace_pattern (bin);
  p = g_bytes_get_data (pattern, &len);
  g_assert_cmpmem (p, len, "x\0\\*:*", 6);
  g_assert_true (kh_glob_match (p, len, "x\0*:k", 5));
  g_assert_false (kh_glob_match (p, len, "x\0y:k", 5));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/key-ops/escape-glob", test_escape_glob);
  kh_test_add_for_each_server ("/core/key-ops", "delete", test_delete);
  kh_test_add_for_each_server ("/core/key-ops", "rename", test_rename);
  kh_test_add_for_each_server ("/core/key-ops", "ttl", test_ttl);
  kh_test_add_for_each_server ("/core/key-ops", "lookup", test_lookup);
  kh_test_add_for_each_server ("/core/key-ops", "bulk-delete", test_bulk_delete);
  kh_test_add_for_each_server ("/core/key-ops", "bulk-delete-cancel", test_bulk_delete_cancel);
  kh_test_add_for_each_server ("/core/key-ops", "read-only", test_read_only);

  return g_test_run ();
}
