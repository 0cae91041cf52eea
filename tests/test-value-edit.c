/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-value-edit.c: compare-and-set edits and new keys against real
 * servers, with a second client (the server's CLI) writing in between */
#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "kh-connection.h"
#include "kh-error.h"
#include "kh-session.h"
#include "kh-test-util.h"
#include "kh-value-edit.h"
#include "kh-value-string.h"

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

#define assert_bytes(b, text) \
  G_STMT_START { \
    g_assert_nonnull (b); \
    g_assert_cmpmem (g_bytes_get_data ((b), NULL), g_bytes_get_size (b), (text), strlen (text)); \
  } G_STMT_END

/* Sends @command (transfer full) and waits for it to succeed. */
static void
send (KhSession *session, KhCommand *command)
{
  kh_reply_unref (kh_test_session_run_ok (session, command));
}

/* The other writer: a separate client, the server's own CLI. */
#define CLI(server, ...) cli_checked (kh_test_server_cli ((server), __VA_ARGS__, NULL))

static char *
cli_checked (char *out)
{
  g_assert_nonnull (out);
  return out;
}

static void
cli_run (KhTestServer *server, const char *line)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);
  const char *a[8] = { NULL };

  g_assert_cmpuint (g_strv_length (argv), <, G_N_ELEMENTS (a));
  for (guint i = 0; argv[i] != NULL; i++)
    a[i] = argv[i];
  g_free (cli_checked (kh_test_server_cli (server, a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL)));
}

/* Runs a, b, c split at spaces ("LRANGE", "l", "0 -1") and checks the output. */
static void
assert_cli (KhTestServer *server, const char *expected, const char *a, const char *b, const char *c)
{
  g_autofree char *line = g_strjoin (" ", a, b, c, NULL);
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);
  const char *args[8] = { NULL };
  g_autofree char *out = NULL;

  g_assert_cmpuint (g_strv_length (argv), <, G_N_ELEMENTS (args));
  for (guint i = 0; argv[i] != NULL; i++)
    args[i] = argv[i];
  out = kh_test_server_cli (server, args[0], args[1], args[2], args[3], args[4], args[5], args[6], NULL);
  g_assert_cmpstr (out, ==, expected);
}

/* Finishes the edit started with kh_test_async_ready and @w. */
static gboolean
edit_finish (KhSession *session, KhTestAsync *w, GBytes **out_value, KhValueConflict **conflict,
             GError **error)
{
  gboolean ok;

  ok = kh_value_edit_finish (session, kh_test_async_wait (w, 60000), out_value, conflict, error);
  kh_test_async_clear (w);
  return ok;
}

static void
assert_edit_ok (KhSession *session, KhTestAsync *w, GBytes **out_value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;

  g_assert_true (edit_finish (session, w, out_value, &conflict, &error));
  g_assert_no_error (error);
  g_assert_null (conflict);
}

/* Finishes an edit that must fail with a conflict of @kind; returns it. */
static KhValueConflict *
assert_conflict (KhSession *session, KhTestAsync *w, KhValueConflictKind kind)
{
  g_autoptr(GError) error = NULL;
  KhValueConflict *conflict = NULL;
  g_autoptr(GBytes) out = NULL;

  g_assert_false (edit_finish (session, w, &out, &conflict, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_CONFLICT);
  g_assert_null (out);
  g_assert_nonnull (conflict);
  g_assert_cmpint (conflict->kind, ==, kind);
  return conflict;
}

static void
assert_edit_error (KhSession *session, KhTestAsync *w, GQuark domain, gint code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;

  g_assert_false (edit_finish (session, w, NULL, &conflict, &error));
  g_assert_error (error, domain, code);
  g_assert_null (conflict);
  g_test_message ("%s", error->message);
}

/* Strings */

static GBytes *load_all (KhSession *session, GBytes *key);

static void
test_string_set (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("s");
  g_autoptr(GBytes) v1 = bytes ("first");
  g_autoptr(GBytes) v2 = bytes ("second");
  g_autoptr(GBytes) mine = bytes ("mine");
  g_autoptr(KhValueConflict) conflict = NULL;
  g_autofree char *ttl = NULL;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "SET s first PX 100000");

  kh_value_string_set_async (session, key, v1, v2, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "second", "GET", "s", NULL);
  ttl = CLI (server, "PTTL", "s");
  g_assert_cmpint (g_ascii_strtoll (ttl, NULL, 10), >, 90000);   /* the TTL is kept */

  /* Someone else writes between our load and our save. */
  cli_run (server, "SET s theirs");
  kh_value_string_set_async (session, key, v2, mine, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED);
  assert_bytes (conflict->key, "s");
  assert_bytes (conflict->user_value, "second");
  assert_bytes (conflict->attempted_value, "mine");
  assert_bytes (conflict->server_value, "theirs");
  g_assert_false (conflict->server_value_truncated);
  g_assert_cmpint (conflict->server_length, ==, 6);
  g_assert_cmpstr (conflict->server_type, ==, "string");
  g_assert_null (conflict->item);
  assert_cli (server, "theirs", "GET", "s", NULL);

  /* "Overwrite anyway": the server's version becomes the expectation. */
  kh_value_string_set_async (session, key, conflict->server_value, mine, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "mine", "GET", "s", NULL);

  /* Binary values compare and save byte for byte. */
  {
    g_autoptr(GBytes) bin1 = g_bytes_new ("a\0b\xff\r\n", 6);
    g_autoptr(GBytes) bin2 = g_bytes_new ("\0\0\x80z", 4);
    g_autoptr(GBytes) bin1_almost = g_bytes_new ("a\0b\xfe\r\n", 6);
    g_autoptr(GBytes) now = NULL;

    kh_value_string_set_async (session, key, conflict->server_value, bin1, NULL, kh_test_async_ready, &w);
    kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED));
    kh_value_string_set_async (session, key, mine, bin1, NULL, kh_test_async_ready, &w);
    assert_edit_ok (session, &w, NULL);
    kh_value_string_set_async (session, key, bin1_almost, bin2, NULL, kh_test_async_ready, &w);
    kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED));
    kh_value_string_set_async (session, key, bin1, bin2, NULL, kh_test_async_ready, &w);
    assert_edit_ok (session, &w, NULL);
    now = load_all (session, key);
    g_assert_true (g_bytes_equal (now, bin2));
    kh_value_string_set_async (session, key, bin2, mine, NULL, kh_test_async_ready, &w);
    assert_edit_ok (session, &w, NULL);
  }

  /* A deleted key is not recreated; another type is not overwritten. */
  cli_run (server, "DEL s");
  kh_value_string_set_async (session, key, mine, v1, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_NOT_FOUND);
  assert_cli (server, "0", "EXISTS", "s", NULL);

  cli_run (server, "RPUSH s a");
  g_clear_pointer (&conflict, kh_value_conflict_free);
  kh_value_string_set_async (session, key, mine, v1, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_WRONG_TYPE);
  g_assert_cmpstr (conflict->server_type, ==, "list");
  g_assert_null (conflict->server_value);
  assert_cli (server, "list", "TYPE", "s", NULL);

  kh_test_server_stop (server);
}

static GBytes *
pattern_bytes (gsize len, guint8 seed)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (i * 31 + seed + i / 251);
  return g_bytes_new_take (data, len);
}

static void
set_value (KhSession *session, GBytes *key, GBytes *value)
{
  KhCommand *command = kh_command_new ("SET");

  kh_command_add_bytes (command, key);
  kh_command_add_bytes (command, value);
  send (session, command);
}

static GBytes *
load_all (KhSession *session, GBytes *key)
{
  g_autoptr(GError) error = NULL;
  GBytes *value;
  KhTestAsync w = { 0 };

  kh_value_string_load_all_async (session, key, NULL, kh_test_async_ready, &w);
  value = kh_value_string_load_all_finish (session, kh_test_async_wait (&w, 60000), &error);
  kh_test_async_clear (&w);
  g_assert_no_error (error);
  return value;
}

static void
test_string_set_large (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(KhSession) other = NULL;
  g_autoptr(GBytes) key = bytes ("large");
  /* Past the digest threshold: compared by SHA-1 on the server. */
  g_autoptr(GBytes) loaded = pattern_bytes (200 * 1024, 1);
  g_autoptr(GBytes) edited = pattern_bytes (200 * 1024, 2);
  g_autoptr(GBytes) theirs = pattern_bytes (2 * 1024 * 1024 + 7, 3);
  g_autoptr(GBytes) now = NULL;
  g_autoptr(KhValueConflict) conflict = NULL;
  g_autoptr(GBytes) prefix = NULL;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  other = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  set_value (session, key, loaded);

  kh_value_string_set_async (session, key, loaded, edited, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  now = load_all (session, key);
  g_assert_true (g_bytes_equal (now, edited));

  /* Another client writes 2 MiB: the conflict carries its first megabyte. */
  set_value (other, key, theirs);
  kh_value_string_set_async (session, key, edited, loaded, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED);
  g_assert_true (conflict->server_value_truncated);
  g_assert_cmpint (conflict->server_length, ==, (gint64) g_bytes_get_size (theirs));
  prefix = g_bytes_new_from_bytes (theirs, 0, KH_VALUE_STRING_THRESHOLD);
  g_assert_true (g_bytes_equal (conflict->server_value, prefix));
  g_assert_true (g_bytes_equal (conflict->user_value, edited));
  g_clear_pointer (&now, g_bytes_unref);
  now = load_all (session, key);
  g_assert_true (g_bytes_equal (now, theirs));

  /* One byte different at the very end is still a conflict. */
  g_clear_pointer (&conflict, kh_value_conflict_free);
  {
    g_autoptr(GByteArray) almost = g_byte_array_new ();

    g_byte_array_append (almost, g_bytes_get_data (theirs, NULL), g_bytes_get_size (theirs));
    almost->data[almost->len - 1] ^= 1;
    {
      g_autoptr(GBytes) stale = g_byte_array_free_to_bytes (g_steal_pointer (&almost));

      kh_value_string_set_async (session, key, stale, loaded, NULL, kh_test_async_ready, &w);
      conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED);
    }
  }
  g_clear_pointer (&now, g_bytes_unref);
  now = load_all (session, key);
  g_assert_true (g_bytes_equal (now, theirs));

  kh_test_server_stop (server);
}

static void
test_increment (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("n");
  g_autoptr(GBytes) text = bytes ("word");
  g_autoptr(GBytes) out = NULL;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "SET n 10");

  kh_value_string_increment_async (session, key, 5, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, &out);
  assert_bytes (out, "15");
  g_clear_pointer (&out, g_bytes_unref);

  kh_value_string_increment_async (session, key, -20, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, &out);
  assert_bytes (out, "-5");
  g_clear_pointer (&out, g_bytes_unref);

  kh_value_string_increment_float_async (session, key, 1.5, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, &out);
  assert_bytes (out, "-3.5");
  assert_cli (server, "-3.5", "GET", "n", NULL);

  kh_value_string_increment_float_async (session, key, INFINITY, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);
  /* A deleted counter stays deleted: + does not write it back as 1 */
  cli_run (server, "DEL n");
  kh_value_string_increment_async (session, key, 1, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_NOT_FOUND);
  assert_cli (server, "0", "EXISTS", "n", NULL);

  cli_run (server, "SET word hello");
  kh_value_string_increment_async (session, text, 1, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);
  assert_cli (server, "hello", "GET", "word", NULL);

  kh_test_server_stop (server);
}

/* Hashes */

static void
test_hash_edits (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("h");
  g_autoptr(GBytes) a = bytes ("a");
  g_autoptr(GBytes) b = bytes ("b");
  g_autoptr(GBytes) c = bytes ("c");
  g_autoptr(GBytes) one = bytes ("1");
  g_autoptr(GBytes) two = bytes ("2");
  g_autoptr(GBytes) ten = bytes ("10");
  g_autoptr(GBytes) eleven = bytes ("11");
  g_autoptr(GBytes) theirs = bytes ("theirs");
  KhValueConflict *conflict;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "HSET h a 1 b 2");

  kh_value_hash_set_field_async (session, key, a, one, ten, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "10", "HGET", "h", "a");

  /* Changed by someone else: both versions, theirs kept. */
  cli_run (server, "HSET h a theirs");
  kh_value_hash_set_field_async (session, key, a, ten, eleven, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED);
  assert_bytes (conflict->item, "a");
  assert_bytes (conflict->user_value, "10");
  assert_bytes (conflict->attempted_value, "11");
  assert_bytes (conflict->server_value, "theirs");
  kh_value_conflict_free (conflict);
  assert_cli (server, "theirs", "HGET", "h", "a");

  /* Deleted by someone else: not recreated. */
  cli_run (server, "HDEL h b");
  kh_value_hash_set_field_async (session, key, b, two, eleven, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE);
  g_assert_null (conflict->server_value);
  kh_value_conflict_free (conflict);
  assert_cli (server, "0", "HEXISTS", "h", "b");

  /* Adding never overwrites. */
  kh_value_hash_add_field_async (session, key, c, one, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "1", "HGET", "h", "c");
  kh_value_hash_add_field_async (session, key, c, two, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_EXISTS);
  assert_bytes (conflict->server_value, "1");
  assert_bytes (conflict->attempted_value, "2");
  kh_value_conflict_free (conflict);
  assert_cli (server, "1", "HGET", "h", "c");

  /* Deleting only what the user saw. */
  kh_value_hash_delete_field_async (session, key, a, ten, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED);
  assert_bytes (conflict->server_value, "theirs");
  kh_value_conflict_free (conflict);
  assert_cli (server, "theirs", "HGET", "h", "a");
  kh_value_hash_delete_field_async (session, key, a, theirs, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "0", "HEXISTS", "h", "a");
  kh_value_hash_delete_field_async (session, key, a, theirs, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE));

  /* The last field deleted by someone else takes the key: not found. */
  cli_run (server, "DEL h");
  kh_value_hash_add_field_async (session, key, a, one, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_NOT_FOUND);
  assert_cli (server, "0", "EXISTS", "h", NULL);

  kh_test_server_stop (server);
}

/* Lists */

static void
test_list_edits (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("l");
  g_autoptr(GBytes) key2 = bytes ("l2");
  g_autoptr(GBytes) b = bytes ("b");
  g_autoptr(GBytes) big_b = bytes ("B");
  g_autoptr(GBytes) head = bytes ("head");
  g_autoptr(GBytes) tail = bytes ("tail");
  g_autoptr(GBytes) x = bytes ("x");
  g_autoptr(GBytes) y = bytes ("y");
  g_autoptr(GBytes) zzz = bytes ("zzz");
  g_autoptr(GBytes) out = NULL;
  KhValueConflict *conflict;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "RPUSH l a b c b");

  kh_value_list_set_async (session, key, 1, b, big_b, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "B", "LINDEX", "l", "1");

  cli_run (server, "LSET l 1 theirs");
  kh_value_list_set_async (session, key, 1, big_b, b, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED);
  g_assert_cmpint (conflict->index, ==, 1);
  assert_bytes (conflict->user_value, "B");
  assert_bytes (conflict->attempted_value, "b");
  assert_bytes (conflict->server_value, "theirs");
  kh_value_conflict_free (conflict);
  assert_cli (server, "theirs", "LINDEX", "l", "1");

  /* The list got shorter: the index is gone. */
  kh_value_list_set_async (session, key, 10, b, big_b, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE));

  kh_value_list_push_async (session, key, KH_VALUE_LIST_HEAD, head, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, &out);
  assert_bytes (out, "5");
  g_clear_pointer (&out, g_bytes_unref);
  kh_value_list_push_async (session, key, KH_VALUE_LIST_TAIL, tail, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, &out);
  assert_bytes (out, "6");
  assert_cli (server, "head\na\ntheirs\nc\nb\ntail", "LRANGE", "l", "0 -1");

  /* Removing the element at an index leaves equal ones elsewhere. */
  cli_run (server, "RPUSH l2 x y x y x");
  kh_value_list_remove_async (session, key2, 2, x, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "x\ny\ny\nx", "LRANGE", "l2", "0 -1");
  /* Without an index: the first equal element (LREM 1). */
  kh_value_list_remove_async (session, key2, -1, y, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "x\ny\nx", "LRANGE", "l2", "0 -1");
  /* The element there changed, or is gone. */
  kh_value_list_remove_async (session, key2, 0, zzz, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED);
  assert_bytes (conflict->server_value, "x");
  kh_value_conflict_free (conflict);
  kh_value_list_remove_async (session, key2, 7, x, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE));
  kh_value_list_remove_async (session, key2, -1, zzz, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE));
  assert_cli (server, "x\ny\nx", "LRANGE", "l2", "0 -1");

  kh_test_server_stop (server);
}

/* Sets */

static void
test_set_edits (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("st");
  g_autoptr(GBytes) a = bytes ("a");
  g_autoptr(GBytes) b = bytes ("b");
  KhValueConflict *conflict;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "SADD st a");

  kh_value_set_add_async (session, key, b, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "1", "SISMEMBER", "st", "b");

  kh_value_set_add_async (session, key, b, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_EXISTS);
  assert_bytes (conflict->item, "b");
  kh_value_conflict_free (conflict);

  /* Someone else removed it first. */
  cli_run (server, "SREM st a");
  kh_value_set_remove_async (session, key, a, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE);
  assert_bytes (conflict->user_value, "a");
  kh_value_conflict_free (conflict);

  kh_value_set_remove_async (session, key, b, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "0", "EXISTS", "st", NULL);

  kh_test_server_stop (server);
}

/* Sorted sets */

static void
test_zset_edits (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("z");
  g_autoptr(GBytes) a = bytes ("a");
  g_autoptr(GBytes) b = bytes ("b");
  KhValueConflict *conflict;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "ZADD z 1 a");

  kh_value_zset_add_async (session, key, b, 2, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "2", "ZSCORE", "z", "b");

  kh_value_zset_add_async (session, key, a, 5, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_EXISTS);
  assert_bytes (conflict->server_value, "1");
  assert_bytes (conflict->attempted_value, "5");
  kh_value_conflict_free (conflict);
  assert_cli (server, "1", "ZSCORE", "z", "a");

  kh_value_zset_set_score_async (session, key, a, 1, 3, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "3", "ZSCORE", "z", "a");

  cli_run (server, "ZADD z 7 a");
  kh_value_zset_set_score_async (session, key, a, 3, 4, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_CHANGED);
  assert_bytes (conflict->item, "a");
  assert_bytes (conflict->user_value, "3");
  assert_bytes (conflict->attempted_value, "4");
  assert_bytes (conflict->server_value, "7");
  kh_value_conflict_free (conflict);
  assert_cli (server, "7", "ZSCORE", "z", "a");

  /* Infinities and decimals compare as numbers and read back exactly. */
  kh_value_zset_set_score_async (session, key, b, 2, INFINITY, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "inf", "ZSCORE", "z", "b");
  kh_value_zset_set_score_async (session, key, b, INFINITY, 0.1, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  {
    /* Redis 7.0 writes 0.10000000000000001, Valkey 0.1: the same number. */
    g_autofree char *score = CLI (server, "ZSCORE", "z", "b");

    g_assert_cmpfloat (g_ascii_strtod (score, NULL), ==, 0.1);
  }
  kh_value_zset_set_score_async (session, key, b, 0.1, -2.5e-7, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  kh_value_zset_set_score_async (session, key, b, -2.5e-7, 1, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  assert_cli (server, "1", "ZSCORE", "z", "b");

  kh_value_zset_set_score_async (session, key, b, 1, NAN, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);

  kh_value_zset_remove_async (session, key, b, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  kh_value_zset_remove_async (session, key, b, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE));
  kh_value_zset_set_score_async (session, key, b, 1, 2, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE));
  assert_cli (server, "a", "ZRANGE", "z", "0 -1");

  kh_test_server_stop (server);
}

/* Streams */

static GPtrArray *
fields (const char *first, ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (array, bytes (s));
  va_end (args);
  return array;
}

static void
test_stream_edits (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("x");
  g_autoptr(GPtrArray) entry = fields ("sensor", "t1", "value", "21.5", NULL);
  g_autoptr(GPtrArray) odd = fields ("sensor", NULL);
  g_autoptr(GBytes) id = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *len = NULL;
  KhValueConflict *conflict;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "XADD x 5-1 f v");

  /* An explicit id above the last one, then one the server picks. */
  kh_value_stream_add_async (session, key, "6-0", entry, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, &id);
  assert_bytes (id, "6-0");
  g_clear_pointer (&id, g_bytes_unref);
  kh_value_stream_add_async (session, key, NULL, entry, NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, &id);
  id_text = g_strndup (g_bytes_get_data (id, NULL), g_bytes_get_size (id));
  g_assert_nonnull (strchr (id_text, '-'));
  g_assert_cmpuint (g_ascii_strtoull (id_text, NULL, 10), >, 6);
  assert_cli (server, "6-0\nsensor\nt1\nvalue\n21.5", "XRANGE", "x", "6-0 6-0");
  kh_value_stream_delete_async (session, key, "6-0", NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  len = CLI (server, "XLEN", "x");
  g_assert_cmpstr (len, ==, "2");

  /* An id not above the last one: the server refuses, nothing is added. */
  kh_value_stream_add_async (session, key, "1-1", entry, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_SERVER);
  kh_value_stream_add_async (session, key, "not an id", entry, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);
  kh_value_stream_add_async (session, key, "0-0", entry, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);
  kh_value_stream_add_async (session, key, NULL, odd, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_free (len);
  len = CLI (server, "XLEN", "x");
  g_assert_cmpstr (len, ==, "2");

  kh_value_stream_delete_async (session, key, "5-1", NULL, kh_test_async_ready, &w);
  assert_edit_ok (session, &w, NULL);
  kh_value_stream_delete_async (session, key, "5-1", NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_GONE);
  assert_bytes (conflict->item, "5-1");
  kh_value_conflict_free (conflict);
  g_free (len);
  len = CLI (server, "XLEN", "x");
  g_assert_cmpstr (len, ==, "1");

  kh_test_server_stop (server);
}

/* Refusals */

static void
test_wrong_type_and_missing (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("k");
  g_autoptr(GBytes) missing = bytes ("missing");
  g_autoptr(GBytes) f = bytes ("f");
  g_autoptr(GBytes) v = bytes ("v");
  KhValueConflict *conflict;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "SET k v");

  kh_value_hash_add_field_async (session, key, f, v, NULL, kh_test_async_ready, &w);
  conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_WRONG_TYPE);
  g_assert_cmpstr (conflict->server_type, ==, "string");
  kh_value_conflict_free (conflict);
  kh_value_list_push_async (session, key, KH_VALUE_LIST_TAIL, v, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_WRONG_TYPE));
  kh_value_set_add_async (session, key, v, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_WRONG_TYPE));
  kh_value_zset_add_async (session, key, v, 1, NULL, kh_test_async_ready, &w);
  kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_WRONG_TYPE));
  assert_cli (server, "v", "GET", "k", NULL);

  /* Edits never create a key. */
  kh_value_hash_add_field_async (session, missing, f, v, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_NOT_FOUND);
  kh_value_list_push_async (session, missing, KH_VALUE_LIST_HEAD, v, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_NOT_FOUND);
  kh_value_set_add_async (session, missing, v, NULL, kh_test_async_ready, &w);
  assert_edit_error (session, &w, KH_ERROR, KH_ERROR_NOT_FOUND);
  assert_cli (server, "0", "EXISTS", "missing", NULL);

  kh_test_server_stop (server);
}

static void
test_read_only (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) s = bytes ("s");
  g_autoptr(GBytes) h = bytes ("h");
  g_autoptr(GBytes) l = bytes ("l");
  g_autoptr(GBytes) st = bytes ("st");
  g_autoptr(GBytes) z = bytes ("z");
  g_autoptr(GBytes) x = bytes ("x");
  g_autoptr(GBytes) n = bytes ("n");
  g_autoptr(GBytes) a = bytes ("a");
  g_autoptr(GBytes) one = bytes ("1");
  g_autoptr(GBytes) two = bytes ("2");
  g_autoptr(GBytes) value = bytes ("value");
  g_autoptr(GPtrArray) entry = fields ("f", "v", NULL);
  KhValueContent content = { .value = value };
  guint64 sent;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_READ_ONLY);
  cli_run (server, "SET s value");
  cli_run (server, "SET n 1");
  cli_run (server, "HSET h a 1");
  cli_run (server, "RPUSH l 1");
  cli_run (server, "SADD st a");
  cli_run (server, "ZADD z 1 a");
  cli_run (server, "XADD x 1-1 f v");
  sent = kh_session_get_commands_sent (session);

#define REFUSED(call) \
  G_STMT_START { \
    call; \
    assert_edit_error (session, &w, KH_ERROR, KH_ERROR_READ_ONLY); \
  } G_STMT_END

  REFUSED (kh_value_string_set_async (session, s, value, two, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_string_increment_async (session, n, 1, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_string_increment_float_async (session, n, 1.5, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_hash_set_field_async (session, h, a, one, two, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_hash_add_field_async (session, h, two, two, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_hash_delete_field_async (session, h, a, one, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_list_set_async (session, l, 0, one, two, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_list_push_async (session, l, KH_VALUE_LIST_HEAD, two, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_list_remove_async (session, l, 0, one, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_set_add_async (session, st, two, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_set_remove_async (session, st, a, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_zset_add_async (session, z, two, 2, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_zset_set_score_async (session, z, a, 1, 2, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_zset_remove_async (session, z, a, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_stream_add_async (session, x, NULL, entry, NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_stream_delete_async (session, x, "1-1", NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_create_async (session, KH_VALUE_TYPE_STRING, two, &content, 0, KH_VALUE_CREATE_OVERWRITE,
                                  NULL, kh_test_async_ready, &w));
  REFUSED (kh_value_create_async (session, KH_VALUE_TYPE_SET, s, &content, 0, KH_VALUE_CREATE_OVERWRITE,
                                  NULL, kh_test_async_ready, &w));
#undef REFUSED

  /* Nothing was sent, and nothing changed. */
  g_assert_cmpuint (kh_session_get_commands_sent (session), ==, sent);
  assert_cli (server, "value", "GET", "s", NULL);
  assert_cli (server, "1", "GET", "n", NULL);
  assert_cli (server, "1", "HGET", "h", "a");
  assert_cli (server, "1", "LRANGE", "l", "0 -1");
  assert_cli (server, "a", "SMEMBERS", "st", NULL);
  assert_cli (server, "a\n1", "ZRANGE", "z", "0 -1 WITHSCORES");
  assert_cli (server, "1", "XLEN", "x", NULL);
  assert_cli (server, "0", "EXISTS", "2", NULL);

  kh_test_server_stop (server);
}

/* New keys */

static void
test_create (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) value = bytes ("value");
  g_autoptr(GBytes) field = bytes ("field");
  g_autoptr(GPtrArray) entry = fields ("f", "v", NULL);
  static const struct {
    KhValueType type;
    const char *key;
    const char *type_name;
  } types[] = {
    { KH_VALUE_TYPE_STRING, "new:string", "string" },
    { KH_VALUE_TYPE_HASH, "new:hash", "hash" },
    { KH_VALUE_TYPE_LIST, "new:list", "list" },
    { KH_VALUE_TYPE_SET, "new:set", "set" },
    { KH_VALUE_TYPE_ZSET, "new:zset", "zset" },
    { KH_VALUE_TYPE_STREAM, "new:stream", "stream" },
  };
  KhValueContent content = { .value = value, .field = field, .score = 2.5, .stream_fields = entry };
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  cli_run (server, "SET taken theirs");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GBytes) key = bytes (types[i].key);
      g_autoptr(GBytes) taken = bytes ("taken");
      g_autoptr(GBytes) out = NULL;
      g_autofree char *ttl = NULL;
      KhValueConflict *conflict;

      g_test_message ("create %s", types[i].type_name);
      kh_value_create_async (session, types[i].type, key, &content, i == 0 ? 50000 : 0,
                             KH_VALUE_CREATE_DEFAULT, NULL, kh_test_async_ready, &w);
      assert_edit_ok (session, &w, &out);
      assert_cli (server, types[i].type_name, "TYPE", types[i].key, NULL);
      if (types[i].type == KH_VALUE_TYPE_STREAM)
        g_assert_nonnull (out);

      /* An existing key is refused: its type is said, its value kept. */
      kh_value_create_async (session, types[i].type, taken, &content, 0, KH_VALUE_CREATE_DEFAULT,
                             NULL, kh_test_async_ready, &w);
      conflict = assert_conflict (session, &w, KH_VALUE_CONFLICT_EXISTS);
      g_assert_cmpstr (conflict->server_type, ==, "string");
      kh_value_conflict_free (conflict);
      assert_cli (server, "theirs", "GET", "taken", NULL);

      /* Also when the existing key is the one just made. */
      kh_value_create_async (session, types[i].type, key, &content, 0, KH_VALUE_CREATE_DEFAULT,
                             NULL, kh_test_async_ready, &w);
      kh_value_conflict_free (assert_conflict (session, &w, KH_VALUE_CONFLICT_EXISTS));

      /* With OVERWRITE it is replaced, and the TTL asked for applies. */
      kh_value_create_async (session, types[i].type, key, &content, 60000, KH_VALUE_CREATE_OVERWRITE,
                             NULL, kh_test_async_ready, &w);
      assert_edit_ok (session, &w, NULL);
      ttl = CLI (server, "PTTL", types[i].key);
      g_assert_cmpint (g_ascii_strtoll (ttl, NULL, 10), >, 50000);
    }

  assert_cli (server, "value", "GET", "new:string", NULL);
  assert_cli (server, "value", "HGET", "new:hash", "field");
  assert_cli (server, "value", "LRANGE", "new:list", "0 -1");
  assert_cli (server, "value", "SMEMBERS", "new:set", NULL);
  assert_cli (server, "2.5", "ZSCORE", "new:zset", "value");
  assert_cli (server, "1", "XLEN", "new:stream", NULL);

  /* Replacing another type. */
  {
    g_autoptr(GBytes) taken = bytes ("taken");

    kh_value_create_async (session, KH_VALUE_TYPE_LIST, taken, &content, 0, KH_VALUE_CREATE_OVERWRITE,
                           NULL, kh_test_async_ready, &w);
    assert_edit_ok (session, &w, NULL);
    assert_cli (server, "list", "TYPE", "taken", NULL);
  }

  /* Bad content is refused before anything is sent, even with OVERWRITE:
   * the existing key must survive. */
  {
    g_autoptr(GBytes) key = bytes ("new:list");
    KhValueContent bad_id = { .stream_id = "0-0", .stream_fields = entry };
    KhValueContent empty = { 0 };
    KhValueContent nan_score = { .value = value, .score = NAN };

    kh_value_create_async (session, KH_VALUE_TYPE_STREAM, key, &bad_id, 0, KH_VALUE_CREATE_OVERWRITE,
                           NULL, kh_test_async_ready, &w);
    assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);
    kh_value_create_async (session, KH_VALUE_TYPE_HASH, key, &empty, 0, KH_VALUE_CREATE_OVERWRITE,
                           NULL, kh_test_async_ready, &w);
    assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);
    kh_value_create_async (session, KH_VALUE_TYPE_ZSET, key, &nan_score, 0, KH_VALUE_CREATE_OVERWRITE,
                           NULL, kh_test_async_ready, &w);
    assert_edit_error (session, &w, KH_ERROR, KH_ERROR_INVALID_INPUT);
    kh_value_create_async (session, KH_VALUE_TYPE_JSON, key, &content, 0, KH_VALUE_CREATE_OVERWRITE,
                           NULL, kh_test_async_ready, &w);
    assert_edit_error (session, &w, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
    assert_cli (server, "value", "LRANGE", "new:list", "0 -1");
  }

  kh_test_server_stop (server);
}

/* Edits are single commands, so they pipeline with whatever other views send
 * on the same connection without anything landing inside them. */
static void
test_interleaved (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("h");
  KhTestAsync edits[100] = { { 0 } };
  KhTestAsync last_read = { 0 };
  g_autoptr(KhReply) last_reply = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  {
    KhCommand *command = kh_command_new_va ("HSET", "h", NULL);

    for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
      {
        kh_command_add_printf (command, "f%u", i);
        kh_command_add (command, "old");
      }
    send (session, command);
  }

  /* In one main loop turn: an edit, another view's write, a read, and so on. */
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autofree char *name = g_strdup_printf ("f%u", i);
      g_autofree char *other = g_strdup_printf ("other%u", i);
      g_autoptr(GBytes) field = bytes (name);
      g_autoptr(GBytes) old = bytes ("old");
      g_autoptr(GBytes) new = bytes ("new");

      kh_value_hash_set_field_async (session, key, field, old, new, NULL, kh_test_async_ready, &edits[i]);
      kh_session_send_async (session, kh_command_new_va ("SET", other, "x", NULL), NULL, NULL, NULL);
      kh_session_send_async (session, kh_command_new_va ("HGET", "h", name, NULL), NULL,
                             i == G_N_ELEMENTS (edits) - 1 ? kh_test_async_ready : NULL, &last_read);
    }
  last_reply = kh_session_send_finish (session, kh_test_async_wait (&last_read, 30000), &error);
  g_assert_no_error (error);
  kh_test_async_clear (&last_read);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    assert_edit_ok (session, &edits[i], NULL);

  assert_cli (server, "new", "HGET", "h", "f0");
  assert_cli (server, "new", "HGET", "h", "f99");
  assert_cli (server, "x", "GET", "other57", NULL);

  kh_test_server_stop (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/value-edit", "string-set", test_string_set);
  kh_test_add_for_each_server ("/core/value-edit", "string-set-large", test_string_set_large);
  kh_test_add_for_each_server ("/core/value-edit", "increment", test_increment);
  kh_test_add_for_each_server ("/core/value-edit", "hash", test_hash_edits);
  kh_test_add_for_each_server ("/core/value-edit", "list", test_list_edits);
  kh_test_add_for_each_server ("/core/value-edit", "set", test_set_edits);
  kh_test_add_for_each_server ("/core/value-edit", "zset", test_zset_edits);
  kh_test_add_for_each_server ("/core/value-edit", "stream", test_stream_edits);
  kh_test_add_for_each_server ("/core/value-edit", "wrong-type-and-missing", test_wrong_type_and_missing);
  kh_test_add_for_each_server ("/core/value-edit", "read-only", test_read_only);
  kh_test_add_for_each_server ("/core/value-edit", "create", test_create);
  kh_test_add_for_each_server ("/core/value-edit", "interleaved-with-other-commands", test_interleaved);

  return g_test_run ();
}
