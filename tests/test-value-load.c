/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-value-load.c: value headers, paged loaders and string loads against
 * real servers */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kh-connection.h"
#include "kh-error.h"
#include "kh-session.h"
#include "kh-test-util.h"
#include "kh-value-header.h"
#include "kh-value-load.h"
#include "kh-value-string.h"

/* Waits for the operation started with kh_test_async_ready and @w; returns
 * its result, which @w keeps. */
static GAsyncResult *
await (KhTestAsync *w)
{
  return kh_test_async_wait (w, 60000);
}

static GBytes *
bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* Sends @command (transfer full) and waits for it to succeed. */
static void
send (KhSession *session, KhCommand *command)
{
  kh_reply_unref (kh_test_session_run_ok (session, command));
}

static void
run (KhSession *session, const char *line)
{
  g_auto(GStrv) argv = g_strsplit (line, " ", -1);

  send (session, kh_command_new_argv (g_strv_length (argv), (const char **) argv, NULL));
}

/* Sends the commands (transfer full) pipelined and waits for the last. */
static void
send_pipelined (KhSession *session, GPtrArray *commands)
{
  KhTestAsync last = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KhReply) reply = NULL;

  for (guint i = 0; i < commands->len; i++)
    kh_session_send_async (session, commands->pdata[i], NULL,
                           i == commands->len - 1 ? kh_test_async_ready : NULL, &last);
  g_ptr_array_free (commands, TRUE);
  reply = kh_session_send_finish (session, kh_test_async_wait (&last, 120000), &error);
  g_assert_no_error (error);
  kh_test_async_clear (&last);
}

static KhValuePage *
page_finish (KhSession *session, KhTestAsync *w)
{
  g_autoptr(GError) error = NULL;
  KhValuePage *page = kh_value_page_load_finish (session, await (w), &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  kh_test_async_clear (w);
  return page;
}

static gboolean
header_load (KhSession *session, const char *key, const char *hint, KhValueHeader *header, GError **error)
{
  g_autoptr(GBytes) key_bytes = bytes (key);
  KhTestAsync w = { 0 };
  gboolean ok;

  kh_value_header_load_async (session, key_bytes, hint, NULL, kh_test_async_ready, &w);
  ok = kh_value_header_load_finish (session, await (&w), header, error);
  kh_test_async_clear (&w);
  return ok;
}

/* Headers */

static void
test_header_every_type (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  static const struct {
    const char *key;
    KhValueType type;
    const char *type_name;
    gint64 length;
  } expected[] = {
    { "s", KH_VALUE_TYPE_STRING, "string", 11 },
    { "n", KH_VALUE_TYPE_STRING, "string", 5 },
    { "h", KH_VALUE_TYPE_HASH, "hash", 3 },
    { "l", KH_VALUE_TYPE_LIST, "list", 4 },
    { "st", KH_VALUE_TYPE_SET, "set", 2 },
    { "z", KH_VALUE_TYPE_ZSET, "zset", 3 },
    { "x", KH_VALUE_TYPE_STREAM, "stream", 2 },
  };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  run (session, "SET s hello-world");
  run (session, "PEXPIRE s 100000");
  run (session, "SET n 12345");
  run (session, "HSET h a 1 b 2 c 3");
  run (session, "RPUSH l a b c d");
  run (session, "SADD st x y");
  run (session, "ZADD z 1 a 2 b 3 c");
  run (session, "XADD x * f v");
  run (session, "XADD x * f w");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      /* With the right hint, with none, and with a wrong one: the same answer. */
      const char *hints[] = { expected[i].type_name, NULL, "hash", "list" };

      for (guint h = 0; h < G_N_ELEMENTS (hints); h++)
        {
          KhValueHeader header = { 0 };
          g_autoptr(GError) error = NULL;

          g_test_message ("%s with hint %s", expected[i].key, hints[h]);
          g_assert_true (header_load (session, expected[i].key, hints[h], &header, &error));
          g_assert_no_error (error);
          g_assert_cmpint (header.type, ==, expected[i].type);
          g_assert_cmpstr (header.type_name, ==, expected[i].type_name);
          g_assert_cmpint (header.length, ==, expected[i].length);
          g_assert_nonnull (header.encoding);
          g_assert_cmpint (header.size_bytes, >, 0);
          g_assert_null (header.json_type);
          if (g_str_equal (expected[i].key, "s"))
            g_assert_cmpint (header.ttl_ms, >, 90000);
          else
            g_assert_cmpint (header.ttl_ms, ==, -1);
        }
    }

  {
    KhValueHeader header = { 0 };
    g_autoptr(GError) error = NULL;
    guint64 sent = kh_session_get_commands_sent (session);

    /* TYPE, PTTL, OBJECT ENCODING, MEMORY USAGE and HLEN: nothing more with
     * the right hint; a wrong one costs the right length command after. */
    g_assert_true (header_load (session, "h", "hash", &header, &error));
    g_assert_cmpuint (kh_session_get_commands_sent (session) - sent, ==, 5);
    sent = kh_session_get_commands_sent (session);
    g_assert_true (header_load (session, "h", "list", &header, &error));
    g_assert_cmpuint (kh_session_get_commands_sent (session) - sent, ==, 6);
    g_assert_cmpint (header.length, ==, 3);

    g_assert_true (header_load (session, "n", "string", &header, &error));
    g_assert_cmpstr (header.encoding, ==, "int");
    g_assert_true (header_load (session, "h", "hash", &header, &error));
    g_assert_true (g_str_equal (header.encoding, "listpack") || g_str_equal (header.encoding, "ziplist"));

    g_assert_false (header_load (session, "missing", "string", &header, &error));
    g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "missing"));
  }

  g_assert_cmpint (kh_value_type_from_name ("ReJSON-RL"), ==, KH_VALUE_TYPE_JSON);
  g_assert_cmpint (kh_value_type_from_name ("TSDB-TYPE"), ==, KH_VALUE_TYPE_OTHER);
  g_assert_cmpint (kh_value_type_from_name ("none"), ==, KH_VALUE_TYPE_NONE);
  g_assert_cmpstr (kh_value_type_to_name (KH_VALUE_TYPE_ZSET), ==, "zset");

  kh_test_server_stop (server);
}

/* Paging */

static void
test_hash_million (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("big");
  g_autoptr(GPtrArray) commands = g_ptr_array_new ();
  g_autoptr(KhValuePage) page = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  g_autofree char *cursor = NULL;
  KhValueHeader header = { 0 };
  GError *error = NULL;
  gint64 start, header_us, page_us;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);

  /* 1000 pipelined HSETs of 1000 fields each. */
  for (guint c = 0; c < 1000; c++)
    {
      KhCommand *command = kh_command_new_va ("HSET", "big", NULL);

      for (guint f = 0; f < 1000; f++)
        {
          kh_command_add_printf (command, "field:%u", c * 1000 + f);
          kh_command_add_printf (command, "value:%u", c * 1000 + f);
        }
      g_ptr_array_add (commands, command);
    }
  send_pipelined (session, g_steal_pointer (&commands));

  start = g_get_monotonic_time ();
  g_assert_true (header_load (session, "big", "hash", &header, &error));
  header_us = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpint (header.length, ==, 1000000);
  g_assert_cmpstr (header.encoding, ==, "hashtable");

  start = g_get_monotonic_time ();
  kh_value_hash_scan_async (session, key, NULL, 0, NULL, NULL, kh_test_async_ready, &w);
  page = page_finish (session, &w);
  page_us = g_get_monotonic_time () - start;
  g_test_message ("1,000,000 fields: header in %" G_GINT64_FORMAT " us, first page (%u fields) in %"
                  G_GINT64_FORMAT " us", header_us, page->items->len, page_us);

  /* A page, not the hash: about COUNT fields, at once. */
  g_assert_cmpuint (page->items->len, >, 0);
  g_assert_cmpuint (page->items->len, <=, 2 * KH_VALUE_PAGE_SIZE);
  g_assert_false (page->complete);
  g_assert_cmpstr (page->next_cursor, !=, "0");
  g_assert_cmpint (page_us, <, G_USEC_PER_SEC);

  /* Fields come with their own values; further pages continue. */
  for (guint p = 0; p < 5; p++)
    {
      for (guint i = 0; i < page->items->len; i++)
        {
          KhValueHashEntry *entry = g_ptr_array_index (page->items, i);
          g_autofree char *field = g_strndup (g_bytes_get_data (entry->field, NULL), g_bytes_get_size (entry->field));
          g_autofree char *value = g_strndup (g_bytes_get_data (entry->value, NULL), g_bytes_get_size (entry->value));

          g_assert_true (g_str_has_prefix (field, "field:"));
          g_assert_cmpstr (value + strlen ("value:"), ==, field + strlen ("field:"));
          g_hash_table_add (seen, g_bytes_ref (entry->field));
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      g_clear_pointer (&page, kh_value_page_unref);
      kh_value_hash_scan_async (session, key, cursor, 0, NULL, NULL, kh_test_async_ready, &w);
      page = page_finish (session, &w);
    }
  g_assert_cmpuint (g_hash_table_size (seen), >=, 5 * KH_VALUE_PAGE_SIZE / 2);

  kh_test_server_stop (server);
}

static void
test_hash_and_set_scan (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) hkey = bytes ("h");
  g_autoptr(GBytes) skey = bytes ("s");
  g_autoptr(GBytes) small = bytes ("small");
  g_autoptr(GBytes) match = bytes ("f:1*");
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) commands = g_ptr_array_new ();
  g_autofree char *cursor = g_strdup ("0");
  g_autoptr(KhValuePage) page = NULL;
  guint pages = 0, matched = 0;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  for (guint i = 0; i < 1000; i++)
    {
      KhCommand *command = kh_command_new_va ("HSET", "h", NULL);

      kh_command_add_printf (command, "f:%u", i);
      kh_command_add_printf (command, "v:%u", i);
      g_ptr_array_add (commands, command);
      command = kh_command_new_va ("SADD", "s", NULL);
      kh_command_add_printf (command, "m:%u", i);
      g_ptr_array_add (commands, command);
    }
  send_pipelined (session, g_steal_pointer (&commands));
  run (session, "HSET small a 1 b 2");

  /* Every field, with its value; a SCAN may repeat one, never lose one. */
  do
    {
      kh_value_hash_scan_async (session, hkey, cursor, 100, NULL, NULL, kh_test_async_ready, &w);
      page = page_finish (session, &w);
      g_assert_cmpint (page->type, ==, KH_VALUE_TYPE_HASH);
      for (guint i = 0; i < page->items->len; i++)
        {
          KhValueHashEntry *entry = g_ptr_array_index (page->items, i);

          g_hash_table_replace (fields,
                                g_strndup (g_bytes_get_data (entry->field, NULL), g_bytes_get_size (entry->field)),
                                g_strndup (g_bytes_get_data (entry->value, NULL), g_bytes_get_size (entry->value)));
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      pages++;
      if (page->complete)
        break;
      g_clear_pointer (&page, kh_value_page_unref);
    }
  while (TRUE);
  g_assert_cmpstr (cursor, ==, "0");
  g_assert_cmpuint (pages, >, 3);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 1000);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *field = g_strdup_printf ("f:%u", i);
      g_autofree char *value = g_strdup_printf ("v:%u", i);

      g_assert_cmpstr (g_hash_table_lookup (fields, field), ==, value);
    }

  /* MATCH filters on the server. */
  g_clear_pointer (&page, kh_value_page_unref);
  g_free (cursor);
  cursor = NULL;
  do
    {
      kh_value_hash_scan_async (session, hkey, cursor, 500, match, NULL, kh_test_async_ready, &w);
      page = page_finish (session, &w);
      for (guint i = 0; i < page->items->len; i++)
        {
          KhValueHashEntry *entry = g_ptr_array_index (page->items, i);

          g_assert_true (g_str_has_prefix (g_bytes_get_data (entry->field, NULL), "f:1"));
          matched++;
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      if (page->complete)
        break;
      g_clear_pointer (&page, kh_value_page_unref);
    }
  while (TRUE);
  g_assert_cmpuint (matched, >=, 111);  /* f:1, f:10..19, f:100..199 */

  /* A small hash comes whole in one page. */
  g_clear_pointer (&page, kh_value_page_unref);
  kh_value_hash_scan_async (session, small, NULL, 0, NULL, NULL, kh_test_async_ready, &w);
  page = page_finish (session, &w);
  g_assert_true (page->complete);
  g_assert_cmpuint (page->items->len, ==, 2);

  /* Sets likewise. */
  g_clear_pointer (&page, kh_value_page_unref);
  g_free (cursor);
  cursor = NULL;
  do
    {
      kh_value_set_scan_async (session, skey, cursor, 100, NULL, NULL, kh_test_async_ready, &w);
      page = page_finish (session, &w);
      g_assert_cmpint (page->type, ==, KH_VALUE_TYPE_SET);
      for (guint i = 0; i < page->items->len; i++)
        {
          GBytes *member = g_ptr_array_index (page->items, i);

          g_hash_table_add (members, g_strndup (g_bytes_get_data (member, NULL), g_bytes_get_size (member)));
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      if (page->complete)
        break;
      g_clear_pointer (&page, kh_value_page_unref);
    }
  while (TRUE);
  g_assert_cmpuint (g_hash_table_size (members), ==, 1000);
  g_assert_true (g_hash_table_contains (members, "m:999"));

  /* One field. */
  {
    g_autoptr(GBytes) field = bytes ("f:42");
    g_autoptr(GBytes) nope = bytes ("nope");
    g_autoptr(GBytes) value = NULL;
    g_autoptr(GError) error = NULL;

    kh_value_hash_get_field_async (session, hkey, field, NULL, kh_test_async_ready, &w);
    value = kh_value_hash_get_field_finish (session, await (&w), &error);
    kh_test_async_clear (&w);
    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (value, NULL), g_bytes_get_size (value), "v:42", 4);

    kh_value_hash_get_field_async (session, hkey, nope, NULL, kh_test_async_ready, &w);
    g_assert_null (kh_value_hash_get_field_finish (session, await (&w), &error));
    kh_test_async_clear (&w);
    g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
    g_clear_error (&error);

    /* A key of another type now: a conflict, not a raw WRONGTYPE. */
    kh_value_hash_scan_async (session, skey, NULL, 0, NULL, NULL, kh_test_async_ready, &w);
    g_assert_null (kh_value_page_load_finish (session, await (&w), &error));
    kh_test_async_clear (&w);
    g_assert_error (error, KH_ERROR, KH_ERROR_CONFLICT);
  }

  kh_test_server_stop (server);
}

static void
test_list_paging (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("l");
  g_autoptr(GPtrArray) commands = g_ptr_array_new ();
  gint64 start = 0;
  guint seen = 0;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  for (guint i = 0; i < 1005; i++)
    {
      KhCommand *command = kh_command_new_va ("RPUSH", "l", NULL);

      kh_command_add_printf (command, "item-%u", i);
      g_ptr_array_add (commands, command);
    }
  send_pipelined (session, g_steal_pointer (&commands));

  for (;;)
    {
      g_autoptr(KhValuePage) page = NULL;

      kh_value_list_range_async (session, key, start, 100, NULL, kh_test_async_ready, &w);
      page = page_finish (session, &w);
      g_assert_cmpint (page->type, ==, KH_VALUE_TYPE_LIST);
      for (guint i = 0; i < page->items->len; i++)
        {
          KhValueListEntry *entry = g_ptr_array_index (page->items, i);
          g_autofree char *expected = g_strdup_printf ("item-%u", seen);

          /* Every element exactly once, in order, with its index. */
          g_assert_cmpint (entry->index, ==, seen);
          g_assert_cmpmem (g_bytes_get_data (entry->value, NULL), g_bytes_get_size (entry->value),
                           expected, strlen (expected));
          seen++;
        }
      g_assert_cmpint (page->next_start, ==, seen);
      if (page->complete)
        {
          g_assert_cmpuint (page->items->len, ==, 5);
          break;
        }
      g_assert_cmpuint (page->items->len, ==, 100);
      start = page->next_start;
    }
  g_assert_cmpuint (seen, ==, 1005);

  /* Past the end: empty and complete. A missing key likewise. */
  {
    g_autoptr(KhValuePage) page = NULL;
    g_autoptr(GBytes) missing = bytes ("missing");

    kh_value_list_range_async (session, key, 5000, 10, NULL, kh_test_async_ready, &w);
    page = page_finish (session, &w);
    g_assert_true (page->complete);
    g_assert_cmpuint (page->items->len, ==, 0);
    g_clear_pointer (&page, kh_value_page_unref);

    kh_value_list_range_async (session, missing, 0, 10, NULL, kh_test_async_ready, &w);
    page = page_finish (session, &w);
    g_assert_true (page->complete);
    g_assert_cmpuint (page->items->len, ==, 0);
  }

  kh_test_server_stop (server);
}

/* Pages a zset by rank or by score and checks members @first..@last (by
 * score order, reversed if asked) come exactly once, in order. */
static void
check_zset_pages (KhSession *session, gboolean by_score, gboolean reverse,
                  const char *min, const char *max, guint first, guint last, guint count)
{
  g_autoptr(GBytes) key = bytes ("z");
  gint64 start = 0;
  guint n = 0, total = last - first + 1;
  KhTestAsync w = { 0 };

  for (;;)
    {
      g_autoptr(KhValuePage) page = NULL;

      if (by_score)
        kh_value_zset_range_by_score_async (session, key, min, max, start, count, reverse, NULL,
                                            kh_test_async_ready, &w);
      else
        kh_value_zset_range_async (session, key, start, count, reverse, NULL, kh_test_async_ready, &w);
      page = page_finish (session, &w);
      g_assert_cmpint (page->type, ==, KH_VALUE_TYPE_ZSET);
      for (guint i = 0; i < page->items->len; i++)
        {
          KhValueZsetEntry *entry = g_ptr_array_index (page->items, i);
          guint expected_i = reverse ? last - n : first + n;
          g_autofree char *member = g_strdup_printf ("m%04u", expected_i);
          g_autofree char *score = g_strdup_printf ("%u.5", expected_i);

          g_assert_cmpmem (g_bytes_get_data (entry->member, NULL), g_bytes_get_size (entry->member),
                           member, strlen (member));
          g_assert_cmpfloat (entry->score, ==, expected_i + 0.5);
          g_assert_cmpstr (entry->score_text, ==, score);
          g_assert_cmpint (entry->rank, ==, by_score ? -1 : (gint64) n);
          n++;
        }
      start = page->next_start;
      if (page->complete)
        break;
      g_assert_cmpuint (page->items->len, ==, count);
    }
  g_assert_cmpuint (n, ==, total);
}

static void
test_zset_paging (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GPtrArray) commands = g_ptr_array_new ();

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  for (guint i = 0; i < 1005; i++)
    {
      KhCommand *command = kh_command_new_va ("ZADD", "z", NULL);

      kh_command_add_printf (command, "%u.5", i);
      kh_command_add_printf (command, "m%04u", i);
      g_ptr_array_add (commands, command);
    }
  send_pipelined (session, g_steal_pointer (&commands));

  check_zset_pages (session, FALSE, FALSE, NULL, NULL, 0, 1004, 100);
  check_zset_pages (session, FALSE, TRUE, NULL, NULL, 0, 1004, 64);
  check_zset_pages (session, TRUE, FALSE, "100", "599.5", 100, 599, 64);
  check_zset_pages (session, TRUE, TRUE, "100", "599.5", 100, 599, 64);
  check_zset_pages (session, TRUE, FALSE, "(100.5", "+inf", 101, 1004, 250);
  check_zset_pages (session, TRUE, FALSE, "-inf", "(3", 0, 2, 10);

  kh_test_server_stop (server);
}

static void
test_stream_paging (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("x");
  g_autoptr(GPtrArray) commands = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = NULL;
  guint n = 0;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  /* Several entries per millisecond, and sequence 0 after a large one, to
   * exercise the predecessor of an id. */
  for (guint i = 0; i < 1005; i++)
    {
      KhCommand *command = kh_command_new_va ("XADD", "x", NULL);
      char *id = g_strdup_printf ("%u-%u", 1000 + i / 3, i % 3);

      kh_command_add (command, id);
      kh_command_add_printf (command, "n");
      kh_command_add_printf (command, "%u", i);
      kh_command_add (command, "extra");
      kh_command_add (command, "field");
      g_ptr_array_add (commands, command);
      g_ptr_array_add (ids, id);
    }
  send_pipelined (session, g_steal_pointer (&commands));

  for (;;)
    {
      g_autoptr(KhValuePage) page = NULL;

      kh_value_stream_range_async (session, key, before, 100, NULL, kh_test_async_ready, &w);
      page = page_finish (session, &w);
      g_assert_cmpint (page->type, ==, KH_VALUE_TYPE_STREAM);
      for (guint i = 0; i < page->items->len; i++)
        {
          KhValueStreamEntry *entry = g_ptr_array_index (page->items, i);
          guint expected = 1004 - n;
          g_autofree char *number = g_strdup_printf ("%u", expected);

          /* Newest first, each exactly once. */
          g_assert_cmpstr (entry->id, ==, g_ptr_array_index (ids, expected));
          g_assert_cmpuint (entry->fields->len, ==, 4);
          g_assert_cmpmem (g_bytes_get_data (entry->fields->pdata[1], NULL),
                           g_bytes_get_size (entry->fields->pdata[1]), number, strlen (number));
          n++;
        }
      if (page->complete)
        break;
      g_assert_cmpuint (page->items->len, ==, 100);
      g_free (before);
      before = g_strdup (page->next_id);
    }
  g_assert_cmpuint (n, ==, 1005);

  /* Before the first entry there is nothing; before 0-0 neither. */
  {
    g_autoptr(KhValuePage) page = NULL;
    g_autoptr(GError) error = NULL;

    kh_value_stream_range_async (session, key, "1000-0", 10, NULL, kh_test_async_ready, &w);
    page = page_finish (session, &w);
    g_assert_true (page->complete);
    g_assert_cmpuint (page->items->len, ==, 0);
    g_clear_pointer (&page, kh_value_page_unref);

    kh_value_stream_range_async (session, key, "1001", 10, NULL, kh_test_async_ready, &w);
    page = page_finish (session, &w);
    g_assert_cmpuint (page->items->len, ==, 3);
    g_assert_cmpstr (((KhValueStreamEntry *) page->items->pdata[0])->id, ==, "1000-2");
    g_clear_pointer (&page, kh_value_page_unref);

    kh_value_stream_range_async (session, key, "0-0", 10, NULL, kh_test_async_ready, &w);
    page = page_finish (session, &w);
    g_assert_true (page->complete);
    g_clear_pointer (&page, kh_value_page_unref);

    kh_value_stream_range_async (session, key, "not-an-id", 10, NULL, kh_test_async_ready, &w);
    g_assert_null (kh_value_page_load_finish (session, await (&w), &error));
    kh_test_async_clear (&w);
    g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  }

  kh_test_server_stop (server);
}

static void
test_stream_info (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("orders");
  g_autoptr(GBytes) missing = bytes ("missing");
  g_autoptr(GBytes) workers = bytes ("workers");
  g_autoptr(GBytes) idle = bytes ("idle");
  g_autoptr(GBytes) nogroup = bytes ("nogroup");
  g_autoptr(KhValueStreamInfo) info = NULL;
  g_autoptr(KhValueStreamPending) pending = NULL;
  g_autoptr(GError) error = NULL;
  KhValueStreamGroup *group;
  KhValueStreamConsumer *consumer;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  run (session, "XADD orders 1-1 item a");
  run (session, "XADD orders 2-1 item b");
  run (session, "XADD orders 3-1 item c");
  run (session, "XGROUP CREATE orders workers 0");
  run (session, "XGROUP CREATE orders idle $");
  run (session, "XREADGROUP GROUP workers alice COUNT 2 STREAMS orders >");
  run (session, "XREADGROUP GROUP workers bob COUNT 1 STREAMS orders >");

  kh_value_stream_info_async (session, key, NULL, kh_test_async_ready, &w);
  info = kh_value_stream_info_finish (session, await (&w), &error);
  kh_test_async_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpint (info->length, ==, 3);
  g_assert_cmpstr (info->first_entry_id, ==, "1-1");
  g_assert_cmpstr (info->last_entry_id, ==, "3-1");
  g_assert_cmpstr (info->last_generated_id, ==, "3-1");
  g_assert_cmpint (info->radix_tree_keys, >=, 1);
  g_assert_cmpuint (info->groups->len, ==, 2);
  /* Groups come in name order. */
  group = g_ptr_array_index (info->groups, 1);
  g_assert_cmpmem (g_bytes_get_data (group->name, NULL), g_bytes_get_size (group->name), "workers", 7);
  g_assert_cmpint (group->consumers, ==, 2);
  g_assert_cmpint (group->pending, ==, 3);
  g_assert_cmpstr (group->last_delivered_id, ==, "3-1");
  group = g_ptr_array_index (info->groups, 0);
  g_assert_cmpmem (g_bytes_get_data (group->name, NULL), g_bytes_get_size (group->name), "idle", 4);
  g_assert_cmpint (group->pending, ==, 0);
  g_assert_cmpint (group->consumers, ==, 0);
  /* Redis 7.0 and Valkey report entries-added and lag. */
  g_assert_cmpint (info->entries_added, ==, 3);
  g_assert_cmpint (group->lag, ==, 0);

  kh_value_stream_pending_async (session, key, workers, NULL, kh_test_async_ready, &w);
  pending = kh_value_stream_pending_finish (session, await (&w), &error);
  kh_test_async_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpint (pending->count, ==, 3);
  g_assert_cmpstr (pending->min_id, ==, "1-1");
  g_assert_cmpstr (pending->max_id, ==, "3-1");
  g_assert_cmpuint (pending->consumers->len, ==, 2);
  consumer = g_ptr_array_index (pending->consumers, 0);
  g_assert_cmpmem (g_bytes_get_data (consumer->name, NULL), g_bytes_get_size (consumer->name), "alice", 5);
  g_assert_cmpint (consumer->pending, ==, 2);
  consumer = g_ptr_array_index (pending->consumers, 1);
  g_assert_cmpint (consumer->pending, ==, 1);
  g_clear_pointer (&pending, kh_value_stream_pending_free);

  kh_value_stream_pending_async (session, key, idle, NULL, kh_test_async_ready, &w);
  pending = kh_value_stream_pending_finish (session, await (&w), &error);
  kh_test_async_clear (&w);
  g_assert_no_error (error);
  g_assert_cmpint (pending->count, ==, 0);
  g_assert_null (pending->min_id);
  g_assert_cmpuint (pending->consumers->len, ==, 0);
  g_clear_pointer (&pending, kh_value_stream_pending_free);

  kh_value_stream_pending_async (session, key, nogroup, NULL, kh_test_async_ready, &w);
  g_assert_null (kh_value_stream_pending_finish (session, await (&w), &error));
  kh_test_async_clear (&w);
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
  g_clear_error (&error);

  kh_value_stream_info_async (session, missing, NULL, kh_test_async_ready, &w);
  g_assert_null (kh_value_stream_info_finish (session, await (&w), &error));
  kh_test_async_clear (&w);
  g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);

  kh_test_server_stop (server);
}

/* Binary safety */

static GBytes *
every_byte (guint repeat)
{
  GByteArray *array = g_byte_array_new ();

  for (guint r = 0; r < repeat; r++)
    for (guint i = 0; i < 256; i++)
      {
        guint8 b = (guint8) (i ^ r);

        g_byte_array_append (array, &b, 1);
      }
  return g_byte_array_free_to_bytes (array);
}

static void
test_binary_round_trip (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = every_byte (1);
  g_autoptr(GBytes) value = every_byte (3);
  g_autoptr(GBytes) hkey = bytes ("bin-hash");
  g_autoptr(GBytes) lkey = bytes ("bin-list");
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(KhValuePage) page = NULL;
  g_autoptr(GError) error = NULL;
  KhValueHeader header = { 0 };
  KhValueHashEntry *hash_entry;
  KhValueListEntry *list_entry;
  KhCommand *command;
  gboolean truncated = TRUE;
  gint64 total = 0;
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  command = kh_command_new ("SET");
  kh_command_add_bytes (command, key);
  kh_command_add_bytes (command, value);
  send (session, command);
  command = kh_command_new ("HSET");
  kh_command_add_bytes (command, hkey);
  kh_command_add_bytes (command, key);
  kh_command_add_bytes (command, value);
  send (session, command);
  command = kh_command_new ("RPUSH");
  kh_command_add_bytes (command, lkey);
  kh_command_add_bytes (command, value);
  send (session, command);

  kh_value_header_load_async (session, key, NULL, NULL, kh_test_async_ready, &w);
  g_assert_true (kh_value_header_load_finish (session, await (&w), &header, &error));
  kh_test_async_clear (&w);
  g_assert_cmpint (header.length, ==, 768);

  kh_value_string_load_async (session, key, 0, NULL, kh_test_async_ready, &w);
  loaded = kh_value_string_load_finish (session, await (&w), &truncated, &total, &error);
  kh_test_async_clear (&w);
  g_assert_no_error (error);
  g_assert_false (truncated);
  g_assert_cmpint (total, ==, 768);
  g_assert_true (g_bytes_equal (loaded, value));

  kh_value_hash_scan_async (session, hkey, NULL, 0, NULL, NULL, kh_test_async_ready, &w);
  page = page_finish (session, &w);
  hash_entry = g_ptr_array_index (page->items, 0);
  g_assert_true (g_bytes_equal (hash_entry->field, key));
  g_assert_true (g_bytes_equal (hash_entry->value, value));
  g_clear_pointer (&page, kh_value_page_unref);

  kh_value_list_range_async (session, lkey, 0, 0, NULL, kh_test_async_ready, &w);
  page = page_finish (session, &w);
  list_entry = g_ptr_array_index (page->items, 0);
  g_assert_true (g_bytes_equal (list_entry->value, value));

  kh_test_server_stop (server);
}

/* Strings */

static void
on_progress (guint64 done, guint64 total, gpointer data)
{
  GArray *calls = data;

  g_assert_cmpuint (done, <=, total);
  g_array_append_val (calls, done);
}

static gboolean
save_to_file (KhSession *session, GBytes *key, GFile *file, GArray *calls, guint64 *written, GError **error)
{
  KhTestAsync w = { 0 };
  gboolean ok;

  kh_value_string_save_to_file_async (session, key, file, calls != NULL ? on_progress : NULL, calls,
                                      NULL, kh_test_async_ready, &w);
  ok = kh_value_string_save_to_file_finish (session, await (&w), written, error);
  kh_test_async_clear (&w);
  return ok;
}

static void
test_string_threshold (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  g_autoptr(GBytes) key = bytes ("big-string");
  g_autoptr(GBytes) value = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GBytes) prefix = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  gsize len = 3 * 1024 * 1024 + 12345, contents_len = 0;
  guint8 *buffer = g_malloc (len);
  gboolean truncated = FALSE;
  gint64 total = 0;
  guint64 written = 0;
  guint32 state = 2463534242u;
  KhCommand *command;
  KhTestAsync w = { 0 };

  if (server == NULL)
    {
      g_free (buffer);
      return;
    }
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  for (gsize i = 0; i < len; i++)
    {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      buffer[i] = (guint8) state;
    }
  value = g_bytes_new_take (buffer, len);
  command = kh_command_new ("SET");
  kh_command_add_bytes (command, key);
  kh_command_add_bytes (command, value);
  send (session, command);

  /* The first megabyte, marked truncated. */
  kh_value_string_load_async (session, key, 0, NULL, kh_test_async_ready, &w);
  loaded = kh_value_string_load_finish (session, await (&w), &truncated, &total, &error);
  kh_test_async_clear (&w);
  g_assert_no_error (error);
  g_assert_true (truncated);
  g_assert_cmpint (total, ==, (gint64) len);
  g_assert_cmpuint (g_bytes_get_size (loaded), ==, KH_VALUE_STRING_THRESHOLD);
  prefix = g_bytes_new_from_bytes (value, 0, KH_VALUE_STRING_THRESHOLD);
  g_assert_true (g_bytes_equal (loaded, prefix));
  g_clear_pointer (&loaded, g_bytes_unref);

  /* A threshold of exactly the length is not a truncation. */
  kh_value_string_load_async (session, key, len, NULL, kh_test_async_ready, &w);
  loaded = kh_value_string_load_finish (session, await (&w), &truncated, &total, &error);
  kh_test_async_clear (&w);
  g_assert_no_error (error);
  g_assert_false (truncated);
  g_assert_true (g_bytes_equal (loaded, value));
  g_clear_pointer (&loaded, g_bytes_unref);

  /* Everything on request. */
  kh_value_string_load_all_async (session, key, NULL, kh_test_async_ready, &w);
  loaded = kh_value_string_load_all_finish (session, await (&w), &error);
  kh_test_async_clear (&w);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, value));

  /* Streamed to a file: identical bytes, progress chunk by chunk. */
  dir = g_dir_make_tmp ("kh-value-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "value.bin", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (save_to_file (session, key, file, calls, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, len);
  g_assert_true (g_file_get_contents (path, &contents, &contents_len, &error));
  g_assert_cmpmem (contents, contents_len, g_bytes_get_data (value, NULL), len);
  g_assert_cmpuint (calls->len, ==, 4);
  for (guint i = 0; i + 1 < calls->len; i++)
    g_assert_cmpuint (g_array_index (calls, guint64, i), ==, (i + 1) * (guint64) KH_VALUE_STRING_CHUNK);
  g_assert_cmpuint (g_array_index (calls, guint64, calls->len - 1), ==, len);

  /* Saving over an existing file replaces it. */
  run (session, "SET small tiny");
  {
    g_autoptr(GBytes) small = bytes ("small");
    g_autoptr(GBytes) missing = bytes ("missing");
    g_autoptr(GBytes) empty = bytes ("empty");
    g_autofree char *other = g_build_filename (dir, "other.bin", NULL);
    g_autoptr(GFile) other_file = g_file_new_for_path (other);

    g_clear_pointer (&contents, g_free);
    g_assert_true (save_to_file (session, small, file, NULL, &written, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, &contents_len, NULL));
    g_assert_cmpstr (contents, ==, "tiny");

    /* A missing key neither touches an existing file nor creates one. */
    g_assert_false (save_to_file (session, missing, file, NULL, &written, &error));
    g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (path, &contents, &contents_len, NULL));
    g_assert_cmpstr (contents, ==, "tiny");
    g_assert_false (save_to_file (session, missing, other_file, NULL, &written, &error));
    g_clear_error (&error);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));

    /* A cancelled save of the big value leaves no partial new file behind. */
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();

      g_array_set_size (calls, 0);
      kh_value_string_save_to_file_async (session, key, other_file, on_progress, calls, cancellable,
                                          kh_test_async_ready, &w);
      while (calls->len == 0 && !w.done)
        g_main_context_iteration (NULL, TRUE);
      g_cancellable_cancel (cancellable);
      g_assert_false (kh_value_string_save_to_file_finish (session, await (&w), NULL, &error));
      kh_test_async_clear (&w);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
    }

    /* An empty string makes an empty file. */
    send (session, kh_command_new_va ("SET", "empty", "", NULL));
    g_assert_true (save_to_file (session, empty, other_file, NULL, &written, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (written, ==, 0);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (other, &contents, &contents_len, NULL));
    g_assert_cmpuint (contents_len, ==, 0);
    g_unlink (other);
  }

  g_unlink (path);
  g_rmdir (dir);
  kh_test_server_stop (server);
}

static void
test_string_small (gconstpointer data)
{
  KhTestServer *server = kh_test_server_start (KH_TEST_KIND (data), 0);
  g_autoptr(KhSession) session = NULL;
  static const char * const keys[] = { "hello", "empty", "missing", "list" };
  KhTestAsync w = { 0 };

  if (server == NULL)
    return;
  session = kh_test_session_open (server, KH_SESSION_FLAGS_NONE);
  run (session, "SET hello world");
  send (session, kh_command_new_va ("SET", "empty", "", NULL));
  run (session, "RPUSH list a");

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GBytes) key = bytes (keys[i]);
      g_autoptr(GBytes) value = NULL;
      g_autoptr(GError) error = NULL;
      gboolean truncated = TRUE;
      gint64 total = -1;

      kh_value_string_load_async (session, key, 0, NULL, kh_test_async_ready, &w);
      value = kh_value_string_load_finish (session, await (&w), &truncated, &total, &error);
      kh_test_async_clear (&w);
      switch (i)
        {
        case 0:
          g_assert_no_error (error);
          g_assert_cmpmem (g_bytes_get_data (value, NULL), g_bytes_get_size (value), "world", 5);
          g_assert_false (truncated);
          g_assert_cmpint (total, ==, 5);
          break;
        case 1:
          g_assert_no_error (error);
          g_assert_cmpuint (g_bytes_get_size (value), ==, 0);
          g_assert_cmpint (total, ==, 0);
          break;
        case 2:
          g_assert_null (value);
          g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
          break;
        default:
          g_assert_null (value);
          g_assert_error (error, KH_ERROR, KH_ERROR_CONFLICT);
          g_assert_nonnull (strstr (error->message, "another type"));
          break;
        }

      /* load_all agrees. */
      g_clear_error (&error);
      g_clear_pointer (&value, g_bytes_unref);
      kh_value_string_load_all_async (session, key, NULL, kh_test_async_ready, &w);
      value = kh_value_string_load_all_finish (session, await (&w), &error);
      kh_test_async_clear (&w);
      if (i == 2)
        g_assert_error (error, KH_ERROR, KH_ERROR_NOT_FOUND);
      else if (i == 3)
        g_assert_error (error, KH_ERROR, KH_ERROR_CONFLICT);
      else
        g_assert_no_error (error);
    }

  /* Without the JSON module JSON values cannot be read. */
  {
    g_autoptr(GBytes) key = bytes ("hello");
    g_autoptr(GError) error = NULL;

    kh_value_json_load_async (session, key, NULL, kh_test_async_ready, &w);
    g_assert_null (kh_value_json_load_finish (session, await (&w), &error));
    kh_test_async_clear (&w);
    g_assert_error (error, KH_ERROR, KH_ERROR_NOT_SUPPORTED);
  }

  kh_test_server_stop (server);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  kh_test_add_for_each_server ("/core/value-load", "header-every-type", test_header_every_type);
  kh_test_add_for_each_server ("/core/value-load", "hash-million-first-page", test_hash_million);
  kh_test_add_for_each_server ("/core/value-load", "hash-and-set-scan", test_hash_and_set_scan);
  kh_test_add_for_each_server ("/core/value-load", "list-paging", test_list_paging);
  kh_test_add_for_each_server ("/core/value-load", "zset-paging", test_zset_paging);
  kh_test_add_for_each_server ("/core/value-load", "stream-paging", test_stream_paging);
  kh_test_add_for_each_server ("/core/value-load", "stream-info", test_stream_info);
  kh_test_add_for_each_server ("/core/value-load", "binary-round-trip", test_binary_round_trip);
  kh_test_add_for_each_server ("/core/value-load", "string-threshold", test_string_threshold);
  kh_test_add_for_each_server ("/core/value-load", "string-small", test_string_small);

  return g_test_run ();
}
