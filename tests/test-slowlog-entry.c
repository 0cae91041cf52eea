/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-slowlog-entry.c: SLOWLOG GET replies read into KhSlowlogEntry objects */
#include <glib-object.h>
#include <string.h>

#include "kh-error.h"
#include "kh-slowlog-entry.h"

static KhReply *
text_reply (const char *text)
{
  return kh_reply_new_string (text, strlen (text));
}

/* [id, time, duration, [args…], addr, name]; addr NULL for the 4-element form. */
static KhReply *
entry_reply (gint64       id,
             gint64       time,
             gint64       duration,
             KhReply     *args,
             const char  *addr,
             const char  *name)
{
  KhReply *entry = kh_reply_new_array (addr != NULL ? 6 : 4);

  entry->element[0] = kh_reply_new_integer (id);
  entry->element[1] = kh_reply_new_integer (time);
  entry->element[2] = kh_reply_new_integer (duration);
  entry->element[3] = args;
  if (addr != NULL)
    {
      entry->element[4] = text_reply (addr);
      entry->element[5] = text_reply (name);
    }
  return entry;
}

static KhReply *
args_reply (guint        n,
            const char **args,
            const gsize *lengths)
{
  KhReply *reply = kh_reply_new_array (n);

  for (guint i = 0; i < n; i++)
    reply->element[i] = kh_reply_new_string (args[i], lengths != NULL ? lengths[i] : strlen (args[i]));
  return reply;
}

static void
test_slowlog_parse (void)
{
  static const char *set_args[] = { "SET", "user:1", "hello world" };
  static const char *keys_args[] = { "KEYS", "*" };
  g_autoptr(KhReply) reply = kh_reply_new_array (2);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  KhSlowlogEntry *entry;
  g_autofree char *command = NULL;
  guint64 duration = 0;
  gsize length;

  reply->element[0] = entry_reply (14, 1700000000, 25000, args_reply (3, set_args, NULL),
                                   "127.0.0.1:5555", "worker");
  reply->element[1] = entry_reply (13, 1699999990, 120000, args_reply (2, keys_args, NULL), NULL, NULL);

  entries = kh_slowlog_entry_parse_reply (reply, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 2);

  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpuint (kh_slowlog_entry_get_id (entry), ==, 14);
  g_assert_cmpint (kh_slowlog_entry_get_timestamp (entry), ==, 1700000000);
  g_assert_cmpuint (kh_slowlog_entry_get_duration (entry), ==, 25000);
  g_assert_cmpuint (kh_slowlog_entry_get_n_args (entry), ==, 3);
  g_assert_cmpmem (g_bytes_get_data (kh_slowlog_entry_get_arg (entry, 2), &length), length,
                   "hello world", 11);
  g_assert_cmpstr (kh_slowlog_entry_get_command (entry), ==, "SET user:1 \"hello world\"");
  g_assert_cmpstr (kh_slowlog_entry_get_client_addr (entry), ==, "127.0.0.1:5555");
  g_assert_cmpstr (kh_slowlog_entry_get_client_name (entry), ==, "worker");
  g_object_get (entry, "command", &command, "duration", &duration, NULL);
  g_assert_cmpstr (command, ==, "SET user:1 \"hello world\"");
  g_assert_cmpuint (duration, ==, 25000);

  /* Before Redis 4 there is no client. */
  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (kh_slowlog_entry_get_command (entry), ==, "KEYS *");
  g_assert_cmpstr (kh_slowlog_entry_get_client_addr (entry), ==, "");
  g_assert_cmpstr (kh_slowlog_entry_get_client_name (entry), ==, "");
}

static void
test_slowlog_escaping (void)
{
  static const char *args[] = {
    "HSET", "bin\x00key", "quote\"back\\slash", "line\nbreak", "caf\xc3\xa9", "",
    "aaaa... (200 more bytes)", "... (3 more arguments)",
  };
  static const gsize lengths[] = { 4, 7, 16, 10, 5, 0, 24, 22 };
  g_autoptr(KhReply) reply = kh_reply_new_array (1);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const char *command;

  reply->element[0] = entry_reply (1, 1, 1, args_reply (G_N_ELEMENTS (args), args, lengths), "a:1", "");
  entries = kh_slowlog_entry_parse_reply (reply, &error);
  g_assert_no_error (error);

  command = kh_slowlog_entry_get_command (g_ptr_array_index (entries, 0));
  g_assert_true (g_utf8_validate (command, -1, NULL));
  /* Binary and non-ASCII bytes as \x, quotes and backslashes escaped, the empty
   * argument visible, and Redis' own truncation notes left as they are. */
  g_assert_cmpstr (command, ==,
                   "HSET \"bin\\x00key\" \"quote\\\"back\\\\slash\" \"line\\nbreak\" "
                   "\"caf\\xc3\\xa9\" \"\" aaaa... (200 more bytes) ... (3 more arguments)");
  g_assert_null (strchr (command, '\n'));

  {
    g_autofree char *plain = kh_slowlog_entry_escape_arg ("GET", 3);
    g_autofree char *tab = kh_slowlog_entry_escape_arg ("a\tb", 3);

    g_assert_cmpstr (plain, ==, "GET");
    g_assert_cmpstr (tab, ==, "\"a\\tb\"");
  }
}

static void
test_slowlog_malformed (void)
{
  g_autoptr(KhReply) not_array = kh_reply_new_status ("OK");
  g_autoptr(KhReply) short_entry = kh_reply_new_array (1);
  g_autoptr(KhReply) empty = kh_reply_new_array (0);
  g_autoptr(GPtrArray) entries = NULL;
  GError *error = NULL;

  g_assert_null (kh_slowlog_entry_parse_reply (not_array, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_PROTOCOL);
  g_clear_error (&error);

  short_entry->element[0] = kh_reply_new_array (2);
  short_entry->element[0]->element[0] = kh_reply_new_integer (1);
  short_entry->element[0]->element[1] = kh_reply_new_integer (2);
  g_assert_null (kh_slowlog_entry_parse_reply (short_entry, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_PROTOCOL);
  g_clear_error (&error);

  entries = kh_slowlog_entry_parse_reply (empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/slowlog-entry/parse", test_slowlog_parse);
  g_test_add_func ("/core/slowlog-entry/escaping", test_slowlog_escaping);
  g_test_add_func ("/core/slowlog-entry/malformed", test_slowlog_malformed);

  return g_test_run ();
}
