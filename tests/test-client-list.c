/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client-list.c: CLIENT LIST text parsed into KhClientInfo objects */
#include <glib-object.h>

#include "kh-client-list.h"

/* Redis 7.0 output, CRLF, with an unnamed idle client and Keyhole's own. */
static const char redis7_list[] =
  "id=3 addr=127.0.0.1:51234 laddr=127.0.0.1:6379 fd=8 name= age=125 idle=30 flags=N db=0 "
  "sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 "
  "obl=0 oll=0 omem=0 tot-mem=1800 events=r cmd=get user=default redir=-1 resp=2\r\n"
  "id=17 addr=[::1]:40022 laddr=[::1]:6379 fd=9 name=keyhole age=7 idle=0 flags=N db=3 "
  "sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=1024 "
  "rbp=0 obl=0 oll=0 omem=0 tot-mem=22426 events=r cmd=client|list user=default redir=-1 resp=2\r\n";

static void
test_client_list_redis7 (void)
{
  g_autoptr(GPtrArray) clients = kh_client_list_parse (redis7_list, -1);
  KhClientInfo *first, *second;
  g_autofree char *cmd = NULL;
  guint64 idle = 0;

  g_assert_cmpuint (clients->len, ==, 2);
  first = g_ptr_array_index (clients, 0);
  second = g_ptr_array_index (clients, 1);

  g_assert_cmpuint (kh_client_info_get_id (first), ==, 3);
  g_assert_cmpstr (kh_client_info_get_addr (first), ==, "127.0.0.1:51234");
  g_assert_cmpstr (kh_client_info_get_name (first), ==, "");
  g_assert_cmpuint (kh_client_info_get_age (first), ==, 125);
  g_assert_cmpuint (kh_client_info_get_idle (first), ==, 30);
  g_assert_cmpint (kh_client_info_get_db (first), ==, 0);
  g_assert_cmpstr (kh_client_info_get_cmd (first), ==, "get");
  g_assert_cmpstr (kh_client_info_get_user (first), ==, "default");
  g_assert_cmpstr (kh_client_info_get_flags (first), ==, "N");
  g_assert_cmpstr (kh_client_info_get_field (first, "tot-mem"), ==, "1800");
  /* The last field of a CRLF line does not keep the CR. */
  g_assert_cmpstr (kh_client_info_get_field (first, "resp"), ==, "2");
  g_assert_null (kh_client_info_get_field (first, "lib-name"));

  g_assert_cmpuint (kh_client_info_get_id (second), ==, 17);
  g_assert_cmpstr (kh_client_info_get_addr (second), ==, "[::1]:40022");
  g_assert_cmpstr (kh_client_info_get_name (second), ==, "keyhole");
  g_assert_cmpint (kh_client_info_get_db (second), ==, 3);
  g_assert_cmpstr (kh_client_info_get_cmd (second), ==, "client|list");

  /* The same values through properties, which the sortable columns use. */
  g_object_get (second, "cmd", &cmd, "idle", &idle, NULL);
  g_assert_cmpstr (cmd, ==, "client|list");
  g_assert_cmpuint (idle, ==, 0);
}

static void
test_client_list_old_server (void)
{
  /* Redis 3.2: LF only, no user, no laddr, no trailing newline. */
  static const char text[] =
    "id=2 addr=10.0.0.5:6000 fd=5 name=worker-1 age=86400 idle=3600 flags=N db=15 sub=0 "
    "psub=0 multi=-1 qbuf=0 qbuf-free=0 obl=0 oll=0 omem=0 events=r cmd=blpop";
  g_autoptr(GPtrArray) clients = kh_client_list_parse (text, -1);
  KhClientInfo *client;

  g_assert_cmpuint (clients->len, ==, 1);
  client = g_ptr_array_index (clients, 0);
  g_assert_cmpuint (kh_client_info_get_id (client), ==, 2);
  g_assert_cmpstr (kh_client_info_get_name (client), ==, "worker-1");
  g_assert_cmpuint (kh_client_info_get_age (client), ==, 86400);
  g_assert_cmpint (kh_client_info_get_db (client), ==, 15);
  g_assert_cmpstr (kh_client_info_get_cmd (client), ==, "blpop");
  g_assert_null (kh_client_info_get_user (client));
}

static void
test_client_list_malformed (void)
{
  /* Blank lines, a line without an id, an id that is not a number, a token without
   * "=", and a value holding "=" (kept whole after the first one). */
  static const char text[] =
    "\n"
    "addr=1.2.3.4:5 name=noid\n"
    "id=abc addr=1.2.3.4:6\n"
    "garbage id=9 addr=1.2.3.4:7 name=a=b age=x idle=-4 db=nope\n"
    "\r\n";
  g_autoptr(GPtrArray) clients = kh_client_list_parse (text, -1);
  g_autoptr(GPtrArray) none = kh_client_list_parse (NULL, 0);
  g_autoptr(GPtrArray) empty = kh_client_list_parse ("", -1);
  KhClientInfo *client;

  g_assert_cmpuint (clients->len, ==, 1);
  client = g_ptr_array_index (clients, 0);
  g_assert_cmpuint (kh_client_info_get_id (client), ==, 9);
  g_assert_cmpstr (kh_client_info_get_name (client), ==, "a=b");
  /* Numbers that do not parse read as 0. */
  g_assert_cmpuint (kh_client_info_get_age (client), ==, 0);
  g_assert_cmpuint (kh_client_info_get_idle (client), ==, 0);
  g_assert_cmpint (kh_client_info_get_db (client), ==, 0);

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
}

static void
test_client_list_strict_numbers (void)
{
  /* GLib's conversions skip a leading vertical tab and take a '+': an id
   * written so is no id, and such a field reads as 0. */
  static const char text[] =
    "id=\v12 addr=1.2.3.4:5\n"
    "id=+13 addr=1.2.3.4:6\n"
    "id=14 age=\v5 idle=+3 db=\v2\n"
    "id=15 age=7 idle=8 db=3\n";
  g_autoptr(GPtrArray) clients = kh_client_list_parse (text, -1);
  KhClientInfo *client;

  g_assert_cmpuint (clients->len, ==, 2);
  client = g_ptr_array_index (clients, 0);
  g_assert_cmpuint (kh_client_info_get_id (client), ==, 14);
  g_assert_cmpuint (kh_client_info_get_age (client), ==, 0);
  g_assert_cmpuint (kh_client_info_get_idle (client), ==, 0);
  g_assert_cmpint (kh_client_info_get_db (client), ==, 0);
  client = g_ptr_array_index (clients, 1);
  g_assert_cmpuint (kh_client_info_get_id (client), ==, 15);
  g_assert_cmpuint (kh_client_info_get_age (client), ==, 7);
  g_assert_cmpuint (kh_client_info_get_idle (client), ==, 8);
  g_assert_cmpint (kh_client_info_get_db (client), ==, 3);
}

static void
test_client_list_length_and_bytes (void)
{
  /* @length cuts the text; bytes that are not UTF-8 are replaced, not kept raw. */
  static const char text[] = "id=5 name=caf\xe9 cmd=get\nid=6 name=cut";
  g_autoptr(GPtrArray) clients = kh_client_list_parse (text, 24);
  KhClientInfo *client;

  g_assert_cmpuint (clients->len, ==, 1);
  client = g_ptr_array_index (clients, 0);
  g_assert_cmpuint (kh_client_info_get_id (client), ==, 5);
  g_assert_true (g_utf8_validate (kh_client_info_get_name (client), -1, NULL));
  g_assert_true (g_str_has_prefix (kh_client_info_get_name (client), "caf"));
  g_assert_cmpstr (kh_client_info_get_name (client), !=, "caf\xe9");
  g_assert_cmpstr (kh_client_info_get_cmd (client), ==, "get");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/client-list/redis7", test_client_list_redis7);
  g_test_add_func ("/core/client-list/old-server", test_client_list_old_server);
  g_test_add_func ("/core/client-list/malformed", test_client_list_malformed);
  g_test_add_func ("/core/client-list/strict-numbers", test_client_list_strict_numbers);
  g_test_add_func ("/core/client-list/length-and-bytes", test_client_list_length_and_bytes);

  return g_test_run ();
}
