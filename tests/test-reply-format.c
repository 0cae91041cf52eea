/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reply-format.c: replies printed the way redis-cli prints them
 *
 * The expected texts were taken from redis-cli 7.0.15 against redis-server
 * 7.0.15, in its tty mode (run under script(1)) and with --raw. */
#include <string.h>

#include "kh-reply-format.h"

static KhReply *
str (const char *text)
{
  return kh_reply_new_string (text, strlen (text));
}

/* An array owning the @n replies that follow. */
static KhReply *
arr (gsize n,
     ...)
{
  KhReply *reply = kh_reply_new_array (n);
  va_list ap;

  va_start (ap, n);
  for (gsize i = 0; i < n; i++)
    reply->element[i] = va_arg (ap, KhReply *);
  va_end (ap);
  return reply;
}

static void
assert_cli (KhReply    *reply,
            const char *expected)
{
  g_autoptr(KhReply) owned = reply;
  g_autofree char *text = kh_reply_format_cli (owned);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_raw (KhReply    *reply,
            const char *expected)
{
  g_autoptr(KhReply) owned = reply;
  g_autofree char *text = kh_reply_format_raw (owned);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_cli_scalars (void)
{
  assert_cli (kh_reply_new_status ("OK"), "OK");
  assert_cli (kh_reply_new_status ("PONG"), "PONG");
  assert_cli (kh_reply_new_integer (42), "(integer) 42");
  assert_cli (kh_reply_new_integer (-7), "(integer) -7");
  assert_cli (kh_reply_new_integer (G_MAXINT64), "(integer) 9223372036854775807");
  assert_cli (kh_reply_new_nil (), "(nil)");
  assert_cli (kh_reply_new_error ("ERR wrong number of arguments for 'set' command"),
              "(error) ERR wrong number of arguments for 'set' command");
  assert_cli (str ("hello"), "\"hello\"");
  assert_cli (str (""), "\"\"");
  assert_cli (str ("a b"), "\"a b\"");
}

static void
test_cli_binary_string (void)
{
  /* SET bin "\xff\x00\n\t\r\a\b\"\\ x\x7f\x1b~", then GET bin */
  static const char value[] = "\xff\x00\n\t\r\a\b\"\\ x\x7f\x1b~";

  assert_cli (kh_reply_new_string (value, sizeof value - 1),
              "\"\\xff\\x00\\n\\t\\r\\a\\b\\\"\\\\ x\\x7f\\x1b~\"");
  /* redis-cli escapes every byte past ASCII, UTF-8 included */
  assert_cli (str ("\xc3\xa9"), "\"\\xc3\\xa9\"");
}

static void
test_cli_empty_array (void)
{
  assert_cli (kh_reply_new_array (0), "(empty array)");
}

static void
test_cli_flat_array (void)
{
  /* HGETALL h */
  assert_cli (arr (4, str ("a"), str ("1"), str ("b"), str ("2")),
              "1) \"a\"\n"
              "2) \"1\"\n"
              "3) \"b\"\n"
              "4) \"2\"");
}

static void
test_cli_index_padding (void)
{
  /* LRANGE l 0 -1 on a twelve-element list */
  assert_cli (arr (12, str ("a"), str ("b"), str ("c"), str ("d"), str ("e"), str ("f"),
                   str ("g"), str ("h"), str ("i"), str ("j"), str ("k"), str ("l")),
              " 1) \"a\"\n"
              " 2) \"b\"\n"
              " 3) \"c\"\n"
              " 4) \"d\"\n"
              " 5) \"e\"\n"
              " 6) \"f\"\n"
              " 7) \"g\"\n"
              " 8) \"h\"\n"
              " 9) \"i\"\n"
              "10) \"j\"\n"
              "11) \"k\"\n"
              "12) \"l\"");
}

static void
test_cli_nested (void)
{
  /* SCAN 0 */
  assert_cli (arr (2, str ("0"), arr (4, str ("bin"), str ("h"), str ("s"), str ("l"))),
              "1) \"0\"\n"
              "2) 1) \"bin\"\n"
              "   2) \"h\"\n"
              "   3) \"s\"\n"
              "   4) \"l\"");

  /* XRANGE s - +: three levels */
  assert_cli (arr (2,
                   arr (2, str ("1-1"), arr (4, str ("f"), str ("v"), str ("g"), str ("w"))),
                   arr (2, str ("2-1"), arr (2, str ("f"), str ("v")))),
              "1) 1) \"1-1\"\n"
              "   2) 1) \"f\"\n"
              "      2) \"v\"\n"
              "      3) \"g\"\n"
              "      4) \"w\"\n"
              "2) 1) \"2-1\"\n"
              "   2) 1) \"f\"\n"
              "      2) \"v\"");
}

static void
test_cli_exec (void)
{
  /* MULTI; LRANGE nope 0 -1; GET nope; INCR n; LPUSH h x; PING; XRANGE s - +; EXEC */
  assert_cli (arr (6,
                   kh_reply_new_array (0),
                   kh_reply_new_nil (),
                   kh_reply_new_integer (3),
                   kh_reply_new_error ("WRONGTYPE Operation against a key holding the wrong kind of value"),
                   kh_reply_new_status ("PONG"),
                   arr (2,
                        arr (2, str ("1-1"), arr (4, str ("f"), str ("v"), str ("g"), str ("w"))),
                        arr (2, str ("2-1"), arr (2, str ("f"), str ("v"))))),
              "1) (empty array)\n"
              "2) (nil)\n"
              "3) (integer) 3\n"
              "4) (error) WRONGTYPE Operation against a key holding the wrong kind of value\n"
              "5) PONG\n"
              "6) 1) 1) \"1-1\"\n"
              "      2) 1) \"f\"\n"
              "         2) \"v\"\n"
              "         3) \"g\"\n"
              "         4) \"w\"\n"
              "   2) 1) \"2-1\"\n"
              "      2) 1) \"f\"\n"
              "         2) \"v\"");
}

static void
test_cli_command_info (void)
{
  /* COMMAND INFO get: a padded ten-element array inside a one-element one,
   * status words, and five levels of nesting */
  KhReply *begin_search = arr (4, str ("type"), str ("index"), str ("spec"),
                               arr (2, str ("index"), kh_reply_new_integer (1)));
  KhReply *find_keys = arr (4, str ("type"), str ("range"), str ("spec"),
                            arr (6, str ("lastkey"), kh_reply_new_integer (0),
                                 str ("keystep"), kh_reply_new_integer (1),
                                 str ("limit"), kh_reply_new_integer (0)));
  KhReply *key_spec = arr (6,
                           str ("flags"),
                           arr (2, kh_reply_new_status ("RO"), kh_reply_new_status ("access")),
                           str ("begin_search"), begin_search,
                           str ("find_keys"), find_keys);

  assert_cli (arr (1,
                   arr (10,
                        str ("get"),
                        kh_reply_new_integer (2),
                        arr (2, kh_reply_new_status ("readonly"), kh_reply_new_status ("fast")),
                        kh_reply_new_integer (1),
                        kh_reply_new_integer (1),
                        kh_reply_new_integer (1),
                        arr (3, kh_reply_new_status ("@read"), kh_reply_new_status ("@string"),
                             kh_reply_new_status ("@fast")),
                        kh_reply_new_array (0),
                        arr (1, key_spec),
                        kh_reply_new_array (0))),
              "1)  1) \"get\"\n"
              "    2) (integer) 2\n"
              "    3) 1) readonly\n"
              "       2) fast\n"
              "    4) (integer) 1\n"
              "    5) (integer) 1\n"
              "    6) (integer) 1\n"
              "    7) 1) @read\n"
              "       2) @string\n"
              "       3) @fast\n"
              "    8) (empty array)\n"
              "    9) 1) 1) \"flags\"\n"
              "          2) 1) RO\n"
              "             2) access\n"
              "          3) \"begin_search\"\n"
              "          4) 1) \"type\"\n"
              "             2) \"index\"\n"
              "             3) \"spec\"\n"
              "             4) 1) \"index\"\n"
              "                2) (integer) 1\n"
              "          5) \"find_keys\"\n"
              "          6) 1) \"type\"\n"
              "             2) \"range\"\n"
              "             3) \"spec\"\n"
              "             4) 1) \"lastkey\"\n"
              "                2) (integer) 0\n"
              "                3) \"keystep\"\n"
              "                4) (integer) 1\n"
              "                5) \"limit\"\n"
              "                6) (integer) 0\n"
              "   10) (empty array)");
}

static void
test_cli_nested_padding (void)
{
  /* A twelve-element array as the second item: its continuation lines sit
   * under its own " 1)" */
  assert_cli (arr (2, str ("cursor"),
                   arr (12, kh_reply_new_integer (1), kh_reply_new_integer (2), kh_reply_new_integer (3),
                        kh_reply_new_integer (4), kh_reply_new_integer (5), kh_reply_new_integer (6),
                        kh_reply_new_integer (7), kh_reply_new_integer (8), kh_reply_new_integer (9),
                        kh_reply_new_integer (10), kh_reply_new_integer (11), kh_reply_new_nil ())),
              "1) \"cursor\"\n"
              "2)  1) (integer) 1\n"
              "    2) (integer) 2\n"
              "    3) (integer) 3\n"
              "    4) (integer) 4\n"
              "    5) (integer) 5\n"
              "    6) (integer) 6\n"
              "    7) (integer) 7\n"
              "    8) (integer) 8\n"
              "    9) (integer) 9\n"
              "   10) (integer) 10\n"
              "   11) (integer) 11\n"
              "   12) (nil)");
}

static void
test_raw_scalars (void)
{
  assert_raw (kh_reply_new_status ("PONG"), "PONG");
  assert_raw (kh_reply_new_integer (2), "2");
  assert_raw (kh_reply_new_integer (-15), "-15");
  assert_raw (kh_reply_new_nil (), "");
  assert_raw (kh_reply_new_error ("ERR wrong number of arguments for 'set' command"),
              "ERR wrong number of arguments for 'set' command");
  assert_raw (str ("a \"quoted\"\nline"), "a \"quoted\"\nline");
  assert_raw (kh_reply_new_array (0), "");
}

static void
test_raw_binary (void)
{
  static const char value[] = "\xff\x00\n\t\r\a\b\"\\ x\x7f\x1b~";
  g_autoptr(KhReply) reply = kh_reply_new_string (value, sizeof value - 1);
  g_autoptr(GBytes) bytes = kh_reply_format_raw_bytes (reply);
  g_autofree char *text = kh_reply_format_raw (reply);

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   value, sizeof value - 1);
  /* The C string stops at the NUL, as printing it would */
  g_assert_cmpstr (text, ==, "\xff");
}

static void
test_raw_arrays (void)
{
  /* XRANGE s - + with --raw: nesting flattens to one element per line */
  assert_raw (arr (2,
                   arr (2, str ("1-1"), arr (4, str ("f"), str ("v"), str ("g"), str ("w"))),
                   arr (2, str ("2-1"), arr (2, str ("f"), str ("v")))),
              "1-1\nf\nv\ng\nw\n2-1\nf\nv");

  /* The EXEC above with --raw. redis-cli also prints a blank line after each
   * error; one element per line is kept here instead. */
  assert_raw (arr (5,
                   kh_reply_new_array (0),
                   kh_reply_new_nil (),
                   kh_reply_new_integer (4),
                   kh_reply_new_error ("WRONGTYPE Operation against a key holding the wrong kind of value"),
                   kh_reply_new_status ("PONG")),
              "\n\n4\nWRONGTYPE Operation against a key holding the wrong kind of value\nPONG");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/reply-format/cli/scalars", test_cli_scalars);
  g_test_add_func ("/core/reply-format/cli/binary-string", test_cli_binary_string);
  g_test_add_func ("/core/reply-format/cli/empty-array", test_cli_empty_array);
  g_test_add_func ("/core/reply-format/cli/flat-array", test_cli_flat_array);
  g_test_add_func ("/core/reply-format/cli/index-padding", test_cli_index_padding);
  g_test_add_func ("/core/reply-format/cli/nested", test_cli_nested);
  g_test_add_func ("/core/reply-format/cli/exec", test_cli_exec);
  g_test_add_func ("/core/reply-format/cli/command-info", test_cli_command_info);
  g_test_add_func ("/core/reply-format/cli/nested-padding", test_cli_nested_padding);
  g_test_add_func ("/core/reply-format/raw/scalars", test_raw_scalars);
  g_test_add_func ("/core/reply-format/raw/binary", test_raw_binary);
  g_test_add_func ("/core/reply-format/raw/arrays", test_raw_arrays);

  return g_test_run ();
}
