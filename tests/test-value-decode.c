/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-value-decode.c: base64, gzip, JSON, hex dumps and text checks */
#include <gio/gio.h>
#include <string.h>

#include "kh-error.h"
#include "kh-value-decode.h"

#define S(str) (const guint8 *) (str), sizeof (str) - 1
#define T(str) str, sizeof (str) - 1

static void
test_utf8 (void)
{
  static const struct {
    const char *data;
    gsize len;
    gboolean utf8;
    gboolean printable;
  } cases[] = {
    { T (""), TRUE, TRUE },
    { T ("hello"), TRUE, TRUE },
    { T ("tab\there\r\nnext"), TRUE, TRUE },
    { T ("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91"), TRUE, TRUE },
    { T ("nul\0inside"), TRUE, FALSE },
    { T ("bell\a"), TRUE, FALSE },
    { T ("del\x7f"), TRUE, FALSE },
    { T ("c1 \xc2\x85"), TRUE, FALSE },           /* U+0085, a C1 control */
    { T ("\xff\xfe"), FALSE, FALSE },
    { T ("cut \xe2\x82"), FALSE, FALSE },          /* truncated sequence */
    { T ("\xc0\xaf"), FALSE, FALSE },              /* overlong slash */
    { T ("\xed\xa0\x80"), FALSE, FALSE },          /* surrogate */
    { T ("ok\0\xff"), FALSE, FALSE },              /* invalid after a NUL */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const guint8 *data = (const guint8 *) cases[i].data;

      g_test_message ("case %u", i);
      g_assert_cmpint (kh_value_decode_is_utf8 (data, cases[i].len), ==, cases[i].utf8);
      g_assert_cmpint (kh_value_decode_is_printable (data, cases[i].len), ==, cases[i].printable);
    }
}

static void
test_base64 (void)
{
  static const struct {
    const char *input;
    const char *decoded;   /* NULL: must fail */
    gsize decoded_len;
    const char *error_part;
  } cases[] = {
    { "", "", 0, NULL },
    { "Zg==", "f", 1, NULL },
    { "Zm8=", "fo", 2, NULL },
    { "Zm9v", "foo", 3, NULL },
    { "Zm9vYmFy", "foobar", 6, NULL },
    { "AP8A", "\0\xff\0", 3, NULL },
    { "+/+/", "\xfb\xff\xbf", 3, NULL },
    { "Zm9", NULL, 0, "multiple of 4" },
    { "Zm9vY", NULL, 0, "multiple of 4" },
    { "Zg=a", NULL, 0, "offset 2" },          /* padding in the middle */
    { "Z===", NULL, 0, "offset 1" },
    { "====", NULL, 0, "offset 0" },
    { "Zm 9", NULL, 0, "offset 2" },          /* whitespace */
    { "Zm9v\n", NULL, 0, "multiple of 4" },
    { "Zm9-", NULL, 0, "0x2d at offset 3" },  /* URL-safe alphabet */
    { "Zh==", NULL, 0, "encode nothing" },    /* non-zero unused bits */
    { "Zm9=", NULL, 0, "encode nothing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_test_message ("case %u: %s", i, cases[i].input);
      bytes = kh_value_decode_base64 ((const guint8 *) cases[i].input, strlen (cases[i].input), &error);
      if (cases[i].decoded != NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (bytes);
          g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                           cases[i].decoded, cases[i].decoded_len);
        }
      else
        {
          g_assert_null (bytes);
          g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
          g_assert_nonnull (strstr (error->message, cases[i].error_part));
        }
    }
}

static void
test_base64_round_trip (void)
{
  guint8 data[256];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (255 - i);
  for (gsize len = 0; len <= sizeof data; len += 7)
    {
      g_autofree char *text = kh_value_encode_base64 (data, len);
      g_autoptr(GBytes) back = kh_value_decode_base64 ((const guint8 *) text, strlen (text), NULL);

      g_assert_nonnull (back);
      g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), data, len);
    }
}

static void
test_gzip (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(GByteArray) damaged = NULL;
  g_autoptr(GByteArray) trailing = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *packed_data;
  gsize packed_len;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "line %u of a compressible value\n", i);

  packed = kh_value_encode_gzip ((const guint8 *) text->str, text->len, -1, &error);
  g_assert_no_error (error);
  packed_data = g_bytes_get_data (packed, &packed_len);
  g_assert_cmpuint (packed_len, <, text->len / 4);
  g_assert_cmpuint (packed_data[0], ==, 0x1f);
  g_assert_cmpuint (packed_data[1], ==, 0x8b);
  g_assert_cmpint (kh_value_decode_detect (packed_data, packed_len), ==, KH_VALUE_FORMAT_GZIP);

  unpacked = kh_value_decode_gzip (packed_data, packed_len, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (unpacked, NULL), g_bytes_get_size (unpacked), text->str, text->len);

  /* Over the bound: refused, not truncated. */
  g_clear_pointer (&unpacked, g_bytes_unref);
  unpacked = kh_value_decode_gzip (packed_data, packed_len, 1000, &error);
  g_assert_null (unpacked);
  g_assert_error (error, KH_ERROR, KH_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Cut short. */
  unpacked = kh_value_decode_gzip (packed_data, packed_len / 2, 0, &error);
  g_assert_null (unpacked);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "cut short"));
  g_clear_error (&error);

  /* A flipped byte in the middle. */
  damaged = g_byte_array_new ();
  g_byte_array_append (damaged, packed_data, packed_len);
  damaged->data[packed_len / 2] ^= 0x55;
  damaged->data[packed_len / 2 + 1] ^= 0xaa;
  unpacked = kh_value_decode_gzip (damaged->data, damaged->len, 0, &error);
  g_assert_null (unpacked);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* Trailing garbage. */
  trailing = g_byte_array_new ();
  g_byte_array_append (trailing, packed_data, packed_len);
  g_byte_array_append (trailing, (const guint8 *) "junk", 4);
  unpacked = kh_value_decode_gzip (trailing->data, trailing->len, 0, &error);
  g_assert_null (unpacked);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "4 more bytes"));
  g_clear_error (&error);

  /* Not gzip at all. */
  unpacked = kh_value_decode_gzip (S ("plain text"), 0, &error);
  g_assert_null (unpacked);
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* An empty value compresses and comes back empty. */
  g_clear_pointer (&packed, g_bytes_unref);
  packed = kh_value_encode_gzip ((const guint8 *) "", 0, 9, &error);
  g_assert_no_error (error);
  packed_data = g_bytes_get_data (packed, &packed_len);
  unpacked = kh_value_decode_gzip (packed_data, packed_len, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (unpacked), ==, 0);
}

static void
test_gzip_bomb (void)
{
  /* 80 MiB of zeros compress to a few dozen KiB: the default bound stops it. */
  gsize len = 80 * 1024 * 1024;
  g_autofree guint8 *zeros = g_malloc0 (len);
  g_autoptr(GBytes) packed = kh_value_encode_gzip (zeros, len, 1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) unpacked = NULL;

  g_assert_nonnull (packed);
  g_assert_cmpuint (g_bytes_get_size (packed), <, 1024 * 1024);
  unpacked = kh_value_decode_gzip (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), 0, &error);
  g_assert_null (unpacked);
  g_assert_error (error, KH_ERROR, KH_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "64 MiB"));
}

static void
test_json_pretty (void)
{
  static const struct {
    const char *input;
    const char *pretty;
    const char *minified;
  } cases[] = {
    { "{}", "{}", "{}" },
    { " [ ] ", "[]", "[]" },
    { "1.10", "1.10", "1.10" },
    { "{\"a\":1,\"b\":[true,false,null],\"c\":{}}",
      "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    false,\n    null\n  ],\n  \"c\": {}\n}",
      "{\"a\":1,\"b\":[true,false,null],\"c\":{}}" },
    /* Numbers and escapes are kept byte for byte. */
    { "[1.10, 1e3, 12345678901234567890, -0.0, 2E-7]",
      "[\n  1.10,\n  1e3,\n  12345678901234567890,\n  -0.0,\n  2E-7\n]",
      "[1.10,1e3,12345678901234567890,-0.0,2E-7]" },
    { "{\"k\\u00e9y\" : \"caf\xc3\xa9 \\\"q\\\" \\n \\/\"}",
      "{\n  \"k\\u00e9y\": \"caf\xc3\xa9 \\\"q\\\" \\n \\/\"\n}",
      "{\"k\\u00e9y\":\"caf\xc3\xa9 \\\"q\\\" \\n \\/\"}" },
    { "[[[ ]],{\"x\":[{}]}]",
      "[\n  [\n    []\n  ],\n  {\n    \"x\": [\n      {}\n    ]\n  }\n]",
      "[[[]],{\"x\":[{}]}]" },
    { "\"spaces stay: { , }\"", "\"spaces stay: { , }\"", "\"spaces stay: { , }\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *pretty = NULL;
      g_autoptr(GBytes) minified = NULL;
      g_autoptr(GBytes) kept = NULL;
      gsize len = strlen (cases[i].input);

      g_test_message ("case %u: %s", i, cases[i].input);
      pretty = kh_value_decode_json_pretty ((const guint8 *) cases[i].input, len, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pretty, ==, cases[i].pretty);

      minified = kh_value_encode_json ((const guint8 *) cases[i].input, len, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (minified, NULL), g_bytes_get_size (minified),
                       cases[i].minified, strlen (cases[i].minified));

      /* Keeping the formatting returns the input unchanged. */
      kept = kh_value_encode_json ((const guint8 *) cases[i].input, len, FALSE, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), cases[i].input, len);

      /* Pretty output is valid JSON and minifies to the same text. */
      g_clear_pointer (&minified, g_bytes_unref);
      minified = kh_value_encode_json ((const guint8 *) pretty, strlen (pretty), TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (minified, NULL), g_bytes_get_size (minified),
                       cases[i].minified, strlen (cases[i].minified));
    }
}

static void
test_json_errors (void)
{
  static const struct {
    const char *input;
    guint line;
    guint column;
    const char *message_part;
  } cases[] = {
    { "", 1, 1, "no JSON value" },
    { "   \n ", 2, 2, "no JSON value" },
    { "{\"a\": 1,\n  \"b\": tru}", 2, 8, "expected a value" },
    { "[1,2,,3]", 1, 6, "expected a value" },
    { "[1,]", 1, 4, "expected a value" },
    { "{\"a\":1,}", 1, 8, "member name" },
    { "{\"a\" 1}", 1, 6, "“:”" },
    { "{'a': 1}", 1, 2, "member name" },
    { "{\"a\":1} x", 1, 9, "after the end" },
    { "/* c */ [1]", 1, 1, "expected a value" },
    { "[01]", 1, 2, "invalid number" },
    { "[0x10]", 1, 2, "invalid number" },
    { "[1.]", 1, 2, "invalid number" },
    { "[-]", 1, 2, "invalid number" },
    { "[1e]", 1, 2, "invalid number" },
    { "[NaN]", 1, 2, "expected a value" },
    { "[truex]", 1, 2, "expected a value" },
    { "\"abc", 1, 1, "unterminated" },
    { "[\"a\tb\"]", 1, 4, "control character" },
    { "[\"\\x\"]", 1, 3, "escape" },
    { "[\"\\u12\"]", 1, 3, "four hexadecimal" },
    { "[\"\xff\"]", 1, 3, "UTF-8" },
    { "{\"a\":[1}", 1, 8, "“,” or “]”" },
    { "[1:2]", 1, 3, "“,” or “]”" },
    { "[1, 2", 1, 6, "ends before" },
    { "{\"\xc3\xa9\xc3\xa9\": x}", 1, 8, "expected a value" },   /* columns count characters */
    { "\r\n\r\n  ]", 3, 3, "expected a value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *pretty = NULL;
      guint line = 0, column = 0;
      gsize len = strlen (cases[i].input);
      g_autofree char *expected_prefix = g_strdup_printf ("Line %u, column %u: ", cases[i].line, cases[i].column);
      g_autofree char *shown = g_strescape (cases[i].input, NULL);

      g_test_message ("case %u: %s", i, shown);
      g_assert_false (kh_value_decode_json_validate ((const guint8 *) cases[i].input, len, &line, &column, &error));
      g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
      g_assert_cmpuint (line, ==, cases[i].line);
      g_assert_cmpuint (column, ==, cases[i].column);
      g_assert_true (g_str_has_prefix (error->message, expected_prefix));
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
      g_clear_error (&error);

      pretty = kh_value_decode_json_pretty ((const guint8 *) cases[i].input, len, NULL, NULL, &error);
      g_assert_null (pretty);
      g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
    }
}

static void
test_json_depth (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 512; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 512; i++)
    g_string_append_c (deep, ']');
  g_assert_true (kh_value_decode_json_validate ((const guint8 *) deep->str, deep->len, NULL, NULL, &error));
  g_assert_no_error (error);

  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  g_assert_false (kh_value_decode_json_validate ((const guint8 *) deep->str, deep->len, NULL, NULL, &error));
  g_assert_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));

  /* 100,000 '[' (what overflowed json-glib in profiles.json): not JSON, shown as text. */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_cmpint (kh_value_decode_detect ((const guint8 *) deep->str, deep->len), ==, KH_VALUE_FORMAT_TEXT);
}

static void
test_hex_dump (void)
{
  g_autofree char *empty = kh_value_decode_hex_dump ((const guint8 *) "", 0, 0);
  g_autofree char *dump = NULL;
  g_autofree char *cut = NULL;
  guint8 data[40];

  g_assert_cmpstr (empty, ==, "");

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + 0x2e);
  data[0] = 0;
  data[1] = 0xff;

  dump = kh_value_decode_hex_dump (data, sizeof data, 0);
  /* The same layout as hexdump -C. */
  g_assert_cmpstr (dump, ==,
    "00000000  00 ff 3c 43 4a 51 58 5f  66 6d 74 7b 82 89 90 97  |..<CJQX_fmt{....|\n"
    "00000010  9e a5 ac b3 ba c1 c8 cf  d6 dd e4 eb f2 f9 00 07  |................|\n"
    "00000020  0e 15 1c 23 2a 31 38 3f                           |...#*18?|\n");

  /* Eight bytes a row, for a narrow view */
  {
    g_autofree char *narrow = kh_value_decode_hex_dump_rows (data, sizeof data, 20, 8);

    g_assert_cmpstr (narrow, ==,
      "00000000  00 ff 3c 43 4a 51 58 5f  |..<CJQX_|\n"
      "00000008  66 6d 74 7b 82 89 90 97  |fmt{....|\n"
      "00000010  9e a5 ac b3              |....|\n"
      "… 20 more bytes not shown\n");
  }

  cut = kh_value_decode_hex_dump (data, sizeof data, 16);
  g_assert_true (g_str_has_prefix (cut, "00000000  00 ff 3c"));
  g_assert_nonnull (strstr (cut, "|..<CJQX_fmt{....|\n"));
  g_assert_nonnull (strstr (cut, "24 more bytes"));
  g_assert_null (strstr (cut, "00000010"));
}

static void
test_detect (void)
{
  static const struct {
    const char *data;
    gsize len;
    KhValueFormat format;
  } cases[] = {
    { T (""), KH_VALUE_FORMAT_EMPTY },
    { T ("hello world"), KH_VALUE_FORMAT_TEXT },
    { T ("{\"a\": [1, 2]}"), KH_VALUE_FORMAT_JSON },
    { T ("  [1]\n"), KH_VALUE_FORMAT_JSON },
    { T ("{not json"), KH_VALUE_FORMAT_TEXT },
    { T ("42"), KH_VALUE_FORMAT_TEXT },
    { T ("aGVsbG8gd29ybGQ="), KH_VALUE_FORMAT_BASE64 },
    { T ("abcd"), KH_VALUE_FORMAT_TEXT },            /* too short to call base64 */
    { T ("\x1f\x8b\x08\x00"), KH_VALUE_FORMAT_GZIP },
    { T ("\x00\x01\x02"), KH_VALUE_FORMAT_BINARY },
    { T ("bad \xff utf8"), KH_VALUE_FORMAT_BINARY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (kh_value_decode_detect ((const guint8 *) cases[i].data, cases[i].len), ==, cases[i].format);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/value-decode/utf8", test_utf8);
  g_test_add_func ("/core/value-decode/base64", test_base64);
  g_test_add_func ("/core/value-decode/base64-round-trip", test_base64_round_trip);
  g_test_add_func ("/core/value-decode/gzip", test_gzip);
  g_test_add_func ("/core/value-decode/gzip-bomb", test_gzip_bomb);
  g_test_add_func ("/core/value-decode/json-pretty", test_json_pretty);
  g_test_add_func ("/core/value-decode/json-errors", test_json_errors);
  g_test_add_func ("/core/value-decode/json-depth", test_json_depth);
  g_test_add_func ("/core/value-decode/hex-dump", test_hex_dump);
  g_test_add_func ("/core/value-decode/detect", test_detect);

  return g_test_run ();
}
