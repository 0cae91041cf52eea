/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-parse.c: command lines split with redis-cli's quoting rules */
#include <string.h>

#include "kh-cli-parse.h"
#include "kh-error.h"

typedef struct {
  const char *data;
  gsize len;
} Arg;

/* sizeof keeps NUL bytes inside the literal */
#define A(s) { s, sizeof s - 1 }

typedef struct {
  const char *line;
  guint n_args;
  Arg args[5];
  const char *error;   /* expected message when the line is malformed */
} ParseCase;

static const ParseCase parse_cases[] = {
  { "get foo", 2, { A ("get"), A ("foo") } },
  { "  get   foo  ", 2, { A ("get"), A ("foo") } },
  { "\tset\tk\tv\t", 3, { A ("set"), A ("k"), A ("v") } },
  { "PING", 1, { A ("PING") } },
  { "set k \"hello world\"", 3, { A ("set"), A ("k"), A ("hello world") } },
  { "set k \"\"", 3, { A ("set"), A ("k"), A ("") } },
  { "\"\" \"\"", 2, { A (""), A ("") } },
  { "set k ''", 3, { A ("set"), A ("k"), A ("") } },
  { "echo \"a\\nb\"", 2, { A ("echo"), A ("a\nb") } },
  { "echo \"\\r\\t\\b\\a\"", 2, { A ("echo"), A ("\r\t\b\a") } },
  { "echo \"\\\\\\\"\"", 2, { A ("echo"), A ("\\\"") } },
  { "echo \"\\x00\"", 2, { A ("echo"), A ("\0") } },
  { "echo \"\\xff\\xFE\"", 2, { A ("echo"), A ("\xff\xfe") } },
  { "echo \"a\\x00b\"", 2, { A ("echo"), A ("a\0b") } },
  { "echo \"\\x41\\x7a\"", 2, { A ("echo"), A ("Az") } },
  /* \x without two hex digits is just an escaped x */
  { "echo \"\\xzz\"", 2, { A ("echo"), A ("xzz") } },
  { "echo \"\\x4\"", 2, { A ("echo"), A ("x4") } },
  { "echo \"\\q\"", 2, { A ("echo"), A ("q") } },
  { "echo \"\\\\x41\"", 2, { A ("echo"), A ("\\x41") } },
  { "echo 'it\\'s'", 2, { A ("echo"), A ("it's") } },
  { "echo 'a\\nb\\x41'", 2, { A ("echo"), A ("a\\nb\\x41") } },
  { "echo 'say \"hi\"'", 2, { A ("echo"), A ("say \"hi\"") } },
  { "echo \"it's\"", 2, { A ("echo"), A ("it's") } },
  /* A quote inside a word opens a quoted part of the same argument */
  { "foo\"bar baz\"", 1, { A ("foobar baz") } },
  { "a'b c' d", 2, { A ("ab c"), A ("d") } },
  /* Outside quotes a backslash is an ordinary character */
  { "echo plain\\x41", 2, { A ("echo"), A ("plain\\x41") } },
  { "echo \"a\"\tx", 3, { A ("echo"), A ("a"), A ("x") } },
  { "set k \"multi word\" extra", 4, { A ("set"), A ("k"), A ("multi word"), A ("extra") } },
  { "echo \"\xc3\xa9t\xc3\xa9\"", 2, { A ("echo"), A ("\xc3\xa9t\xc3\xa9") } },
  { "hset h \"\" 'x y' \"\\x00\\xff\"", 5, { A ("hset"), A ("h"), A (""), A ("x y"), A ("\0\xff") } },

  { "", 0, { { NULL, 0 } } },
  { "   \t  ", 0, { { NULL, 0 } } },

  { "echo \"unterminated", 0, { { NULL, 0 } }, "Unbalanced double quote at column 6" },
  { "echo 'unterminated", 0, { { NULL, 0 } }, "Unbalanced single quote at column 6" },
  { "echo \"abc\\\"", 0, { { NULL, 0 } }, "Unbalanced double quote at column 6" },
  { "echo \"abc\\", 0, { { NULL, 0 } }, "Unbalanced double quote at column 6" },
  { "echo 'abc\\'", 0, { { NULL, 0 } }, "Unbalanced single quote at column 6" },
  { "a \"b\" c \"d", 0, { { NULL, 0 } }, "Unbalanced double quote at column 9" },
  { "echo \"a\"b", 0, { { NULL, 0 } }, "Closing quote must be followed by a space (column 9)" },
  { "echo \"a\"\"b\"", 0, { { NULL, 0 } }, "Closing quote must be followed by a space (column 9)" },
  { "echo 'a''b'", 0, { { NULL, 0 } }, "Closing quote must be followed by a space (column 9)" },
  { "echo 'a'\"b\"", 0, { { NULL, 0 } }, "Closing quote must be followed by a space (column 9)" },
  /* Columns count characters, not bytes */
  { "\xc3\xa9 \"x\"y", 0, { { NULL, 0 } }, "Closing quote must be followed by a space (column 6)" },
};

static void
test_parse_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (parse_cases), >=, 30);

  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(KhCommand) command = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, c->line);
      command = kh_cli_parse_line (c->line, &error);

      if (c->error != NULL)
        {
          g_assert_null (command);
          g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
          g_assert_cmpstr (error->message, ==, c->error);
          continue;
        }

      g_assert_no_error (error);
      if (c->n_args == 0)
        {
          g_assert_null (command);
          continue;
        }

      g_assert_nonnull (command);
      g_assert_cmpuint (kh_command_get_n_args (command), ==, c->n_args);
      for (guint j = 0; j < c->n_args; j++)
        {
          gsize len;
          const char *data = kh_command_get_arg (command, j, &len);

          g_assert_cmpmem (data, len, c->args[j].data, c->args[j].len);
        }
    }
}

static void
test_parse_name (void)
{
  g_autoptr(KhCommand) command = kh_cli_parse_line ("  \"config\" set maxmemory 1mb", NULL);

  g_assert_nonnull (command);
  g_assert_cmpstr (kh_command_get_name (command), ==, "CONFIG");
  g_assert_cmpuint (kh_command_get_n_args (command), ==, 4);
}

static void
test_parse_error_ignored (void)
{
  /* Callers that pass no GError still get NULL back */
  g_assert_null (kh_cli_parse_line ("get \"x", NULL));
  g_assert_null (kh_cli_parse_line ("get 'x'y", NULL));
}

static void
test_quote_arg (void)
{
  static const struct {
    Arg in;
    const char *out;
  } cases[] = {
    { A ("hello"), "hello" },
    { A ("a\\b"), "a\\b" },
    { A ("key:1{tag}"), "key:1{tag}" },
    { A (""), "\"\"" },
    { A ("a b"), "\"a b\"" },
    { A ("\xff"), "\"\\xff\"" },
    { A ("\n"), "\"\\n\"" },
    { A ("\0"), "\"\\x00\"" },
    { A ("it's"), "\"it's\"" },
    { A ("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"" },
    { A ("\r\t\a\b\x1b\x7f"), "\"\\r\\t\\a\\b\\x1b\\x7f\"" },
    { A ("\xc3\xa9"), "\"\\xc3\\xa9\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = kh_cli_quote_arg (cases[i].in.data, cases[i].in.len);

      g_assert_cmpstr (quoted, ==, cases[i].out);
    }
}

/* Random bytes, biased towards the characters the quoting rules care about. */
static GByteArray *
random_arg (void)
{
  static const char special[] = " \t\n\r\"'\\x0\a\b";
  GByteArray *arg = g_byte_array_new ();
  gint32 len = g_test_rand_int_range (0, 24);

  for (gint32 i = 0; i < len; i++)
    {
      guint8 byte;

      if (g_test_rand_bit ())
        byte = (guint8) special[g_test_rand_int_range (0, sizeof special)];
      else
        byte = (guint8) g_test_rand_int_range (0, 256);
      g_byte_array_append (arg, &byte, 1);
    }
  return arg;
}

static void
test_quote_round_trip (void)
{
  for (guint iteration = 0; iteration < 1000; iteration++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
      g_autoptr(GString) line = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KhCommand) command = NULL;
      gint32 n_args = g_test_rand_int_range (1, 5);

      for (gint32 i = 0; i < n_args; i++)
        {
          GByteArray *arg = random_arg ();
          g_autofree char *quoted = kh_cli_quote_arg ((const char *) arg->data, arg->len);

          /* The quoted form is printable ASCII whatever the bytes were */
          for (const char *q = quoted; *q != '\0'; q++)
            g_assert_true (*q >= 0x20 && *q < 0x7f);

          g_ptr_array_add (args, arg);
          if (i > 0)
            g_string_append_c (line, g_test_rand_bit () ? ' ' : '\t');
          g_string_append (line, quoted);
        }

      command = kh_cli_parse_line (line->str, &error);
      g_assert_no_error (error);
      g_assert_nonnull (command);
      g_assert_cmpuint (kh_command_get_n_args (command), ==, args->len);
      for (guint i = 0; i < args->len; i++)
        {
          GByteArray *expected = g_ptr_array_index (args, i);
          gsize len;
          const char *data = kh_command_get_arg (command, i, &len);

          g_assert_cmpmem (data, len, expected->data, expected->len);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/cli-parse/table", test_parse_table);
  g_test_add_func ("/core/cli-parse/name", test_parse_name);
  g_test_add_func ("/core/cli-parse/error-ignored", test_parse_error_ignored);
  g_test_add_func ("/core/cli-parse/quote-arg", test_quote_arg);
  g_test_add_func ("/core/cli-parse/quote-round-trip", test_quote_round_trip);

  return g_test_run ();
}
