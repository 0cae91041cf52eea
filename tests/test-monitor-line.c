/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-monitor-line.c: parsing MONITOR output */
#include <string.h>

#include "kh-error.h"
#include "kh-monitor-line.h"

static KhMonitorLine *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  KhMonitorLine *line = kh_monitor_line_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static void
test_monitor_line_tcp (void)
{
  g_autoptr(KhMonitorLine) line = parse ("1700000000.123456 [0 127.0.0.1:5000] \"SET\" \"k\" \"v\"");
  const KhCommand *command = kh_monitor_line_get_command (line);
  gsize len = 0;

  g_assert_cmpint (kh_monitor_line_get_time_us (line), ==, G_GINT64_CONSTANT (1700000000123456));
  g_assert_cmpuint (kh_monitor_line_get_database (line), ==, 0);
  g_assert_cmpstr (kh_monitor_line_get_client (line), ==, "127.0.0.1:5000");
  g_assert_cmpstr (kh_monitor_line_get_command_name (line), ==, "SET");
  g_assert_cmpstr (kh_monitor_line_get_args_text (line), ==, "\"SET\" \"k\" \"v\"");
  g_assert_cmpuint (kh_command_get_n_args (command), ==, 3);
  g_assert_cmpmem (kh_command_get_arg (command, 1, &len), len, "k", 1);
  g_assert_cmpmem (kh_command_get_arg (command, 2, &len), len, "v", 1);
}

static void
test_monitor_line_clients (void)
{
  g_autoptr(KhMonitorLine) lua = parse ("1700000001.000001 [3 lua] \"get\" \"x\"");
  g_autoptr(KhMonitorLine) unix_socket = parse ("1700000001.5 [12 unix:/tmp/redis.sock] \"PING\"");
  g_autoptr(KhMonitorLine) ipv6 = parse ("1700000001.000002 [0 [::1]:41234] \"GET\" \"a]b\"");

  g_assert_cmpstr (kh_monitor_line_get_client (lua), ==, "lua");
  g_assert_cmpuint (kh_monitor_line_get_database (lua), ==, 3);
  /* Names are upper-cased as the commands are known. */
  g_assert_cmpstr (kh_monitor_line_get_command_name (lua), ==, "GET");

  g_assert_cmpstr (kh_monitor_line_get_client (unix_socket), ==, "unix:/tmp/redis.sock");
  g_assert_cmpuint (kh_monitor_line_get_database (unix_socket), ==, 12);
  /* Fewer than six digits of microseconds are a fraction all the same. */
  g_assert_cmpint (kh_monitor_line_get_time_us (unix_socket), ==, G_GINT64_CONSTANT (1700000001500000));

  g_assert_cmpstr (kh_monitor_line_get_client (ipv6), ==, "[::1]:41234");
  g_assert_cmpstr (kh_monitor_line_get_command_name (ipv6), ==, "GET");
}

static void
test_monitor_line_escapes (void)
{
  g_autoptr(KhMonitorLine) line =
    parse ("1700000000.000000 [0 127.0.0.1:1] \"SET\" \"a b\" \"\\x00\\xff\\n\\\"q\\\"\\\\\"");
  const KhCommand *command = kh_monitor_line_get_command (line);
  static const char value[] = { '\0', '\xff', '\n', '"', 'q', '"', '\\' };
  gsize len = 0;

  g_assert_cmpuint (kh_command_get_n_args (command), ==, 3);
  g_assert_cmpmem (kh_command_get_arg (command, 1, &len), len, "a b", 3);
  g_assert_cmpmem (kh_command_get_arg (command, 2, &len), len, value, sizeof value);
}

static void
test_monitor_line_malformed (void)
{
  const char *bad[] = {
    "",
    "OK",
    "1700000000 [0 127.0.0.1:1] \"GET\"",
    "1700000000.1 0 127.0.0.1:1] \"GET\"",
    "1700000000.1 [x 127.0.0.1:1] \"GET\"",
    "1700000000.1 [0 127.0.0.1:1 \"GET\"",
    "1700000000.1 [0 127.0.0.1:1] \"GET",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KhMonitorLine) line = kh_monitor_line_parse (bad[i], strlen (bad[i]), &error);

      g_assert_null (line);
      g_assert_error (error, KH_ERROR, KH_ERROR_PROTOCOL);
    }
}

static void
test_monitor_line_filter (void)
{
  g_autoptr(KhMonitorLine) line = parse ("1700000000.1 [0 127.0.0.1:1] \"hset\" \"user:42\" \"name\" \"Ada\"");

  g_assert_true (kh_monitor_line_matches (line, NULL));
  g_assert_true (kh_monitor_line_matches (line, ""));
  /* A command name, in any case. */
  g_assert_true (kh_monitor_line_matches (line, "HSET"));
  g_assert_true (kh_monitor_line_matches (line, "hset"));
  g_assert_false (kh_monitor_line_matches (line, "GET"));
  /* A key glob. */
  g_assert_true (kh_monitor_line_matches (line, "user:*"));
  g_assert_false (kh_monitor_line_matches (line, "session:*"));
  /* Without glob characters, a substring of an argument. */
  g_assert_true (kh_monitor_line_matches (line, "er:4"));
  g_assert_false (kh_monitor_line_matches (line, "xyz"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/monitor-line/tcp", test_monitor_line_tcp);
  g_test_add_func ("/core/monitor-line/clients", test_monitor_line_clients);
  g_test_add_func ("/core/monitor-line/escapes", test_monitor_line_escapes);
  g_test_add_func ("/core/monitor-line/malformed", test_monitor_line_malformed);
  g_test_add_func ("/core/monitor-line/filter", test_monitor_line_filter);

  return g_test_run ();
}
