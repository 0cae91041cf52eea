/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-decode.c: base64, gzip, JSON, hex dumps and text checks
 *
 * JSON is checked and reformatted by a small tokenizer here rather than
 * through json-glib: json-glib 1.6 accepts comments, single quotes and hex
 * numbers, and its generator rewrites numbers (1.10 becomes
 * 1.1000000000000001, integers past 2^63 wrap), which would change a value
 * the user only wanted to look at. The tokenizer copies strings and numbers
 * byte for byte and only changes whitespace.
 */
#include "config.h"

#include "kh-value-decode.h"

#include <inttypes.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "kh-error.h"

#define JSON_DETECT_MAX (16 * 1024 * 1024)
#define JSON_MAX_DEPTH 512
#define BASE64_DETECT_MIN 8

/* Text */

gboolean
kh_value_decode_is_utf8 (const guint8 *data,
                         gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  /* g_utf8_validate_len() stops at NUL bytes, which are valid UTF-8. */
  while (p < end)
    {
      const guint8 *nul = memchr (p, '\0', end - p);
      const guint8 *segment_end = nul != NULL ? nul : end;

      if (!g_utf8_validate_len ((const char *) p, segment_end - p, NULL))
        return FALSE;
      p = segment_end + (nul != NULL ? 1 : 0);
    }
  return TRUE;
}

gboolean
kh_value_decode_is_printable (const guint8 *data,
                              gsize         len)
{
  const char *p = (const char *) data;
  const char *end = p + len;

  if (memchr (data, '\0', len) != NULL || !g_utf8_validate_len (p, len, NULL))
    return FALSE;
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f))
        return FALSE;
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

/* Base64 */

static int
base64_value (guint8 c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

static gboolean
base64_check (const guint8  *data,
              gsize          len,
              GError       **error)
{
  gsize padding = 0;

  if (len % 4 != 0)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   _("Not base64: the length (%zu) is not a multiple of 4"), len);
      return FALSE;
    }
  if (len >= 1 && data[len - 1] == '=')
    padding = (len >= 2 && data[len - 2] == '=') ? 2 : 1;

  for (gsize i = 0; i < len - padding; i++)
    if (base64_value (data[i]) < 0)
      {
        if (data[i] == '=')
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("Not base64: padding “=” at offset %zu before the end"), i);
        else
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("Not base64: byte 0x%02x at offset %zu is not in the base64 alphabet"),
                       data[i], i);
        return FALSE;
      }

  /* The bits after the last whole byte must be zero, so that one text
   * encodes one value. */
  if ((padding == 2 && (base64_value (data[len - 3]) & 0x0f) != 0) ||
      (padding == 1 && (base64_value (data[len - 2]) & 0x03) != 0))
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   _("Not base64: the character before the padding at offset %zu "
                     "has bits set that encode nothing"), len - padding - 1);
      return FALSE;
    }
  return TRUE;
}

GBytes *
kh_value_decode_base64 (const guint8  *data,
                        gsize          len,
                        GError       **error)
{
  guint8 *out;
  gsize n = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (!base64_check (data, len, error))
    return NULL;

  out = g_malloc (len / 4 * 3 + 1);
  for (gsize i = 0; i < len; i += 4)
    {
      guint32 group = 0;
      guint chars = 0;

      for (guint j = 0; j < 4; j++)
        {
          int value = base64_value (data[i + j]);

          if (value < 0)
            break;
          group |= (guint32) value << (18 - 6 * j);
          chars++;
        }
      out[n++] = group >> 16;
      if (chars > 2)
        out[n++] = (group >> 8) & 0xff;
      if (chars > 3)
        out[n++] = group & 0xff;
    }
  return g_bytes_new_take (out, n);
}

char *
kh_value_encode_base64 (const guint8 *data,
                        gsize         len)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  return g_base64_encode (data, len);
}

/* gzip */

static GBytes *
convert_all (GConverter    *converter,
             const guint8  *data,
             gsize          len,
             gsize          max_output,
             GError       **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buffer[64 * 1024];
  gsize in_pos = 0;

  for (;;)
    {
      gsize bytes_read = 0, bytes_written = 0;
      g_autoptr(GError) local_error = NULL;
      GConverterResult result;

      result = g_converter_convert (converter, data + in_pos, len - in_pos, buffer, sizeof buffer,
                                    G_CONVERTER_INPUT_AT_END, &bytes_read, &bytes_written, &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                         _("The gzip data is cut short: it ends before the compressed stream does"));
          else
            g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                         _("The gzip data is damaged: %s"), local_error->message);
          return NULL;
        }

      in_pos += bytes_read;
      if (out->len + bytes_written > max_output)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_TOO_LARGE,
                       _("The decompressed value is larger than %zu MiB, too large to show"),
                       max_output / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (out, buffer, bytes_written);

      if (result == G_CONVERTER_FINISHED)
        break;
      if (bytes_read == 0 && bytes_written == 0)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                       _("The gzip data is cut short: it ends before the compressed stream does"));
          return NULL;
        }
    }

  if (in_pos < len)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   _("The gzip data is followed by %zu more bytes that are not part of it"),
                   len - in_pos);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
kh_value_decode_gzip (const guint8  *data,
                      gsize          len,
                      gsize          max_output,
                      GError       **error)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len < 2 || data[0] != 0x1f || data[1] != 0x8b)
    {
      g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT,
                   _("Not gzip data: it does not start with the gzip signature"));
      return NULL;
    }
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  return convert_all (G_CONVERTER (decompressor), data, len,
                      max_output > 0 ? max_output : KH_VALUE_DECODE_MAX_OUTPUT, error);
}

GBytes *
kh_value_encode_gzip (const guint8  *data,
                      gsize          len,
                      int            level,
                      GError       **error)
{
  g_autoptr(GZlibCompressor) compressor = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (level >= -1 && level <= 9, NULL);

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, level);
  /* Compressed output can exceed the input slightly; never by this much. */
  return convert_all (G_CONVERTER (compressor), data, len, len + len / 2 + 1024, error);
}

/* JSON */

typedef enum {
  JSON_VALIDATE,
  JSON_PRETTY,
  JSON_MINIFY,
} JsonMode;

typedef enum {
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE,   /* after [ */
  EXPECT_KEY_OR_CLOSE,     /* after { */
  EXPECT_KEY,              /* after , in an object */
  EXPECT_COLON,
  EXPECT_COMMA_OR_CLOSE,
  EXPECT_END,
} JsonState;

typedef struct {
  const guint8 *data;
  gsize         len;
  gsize         pos;
  JsonMode      mode;
  GString      *out;
  GByteArray   *stack;        /* '{' and '[' of the open containers */
  gboolean      open_pending; /* a container was opened: newline before its first item */
} JsonParser;

static gboolean
json_fail (JsonParser  *parser,
           gsize        offset,
           guint       *line,
           guint       *column,
           GError     **error,
           const char  *reason)
{
  guint l = 1, c = 1;

  for (gsize i = 0; i < offset && i < parser->len; i++)
    {
      guint8 b = parser->data[i];

      if (b == '\n')
        {
          l++;
          c = 1;
        }
      else if ((b & 0xc0) != 0x80)
        c++;
    }
  if (line != NULL)
    *line = l;
  if (column != NULL)
    *column = c;
  g_set_error (error, KH_ERROR, KH_ERROR_INVALID_INPUT, _("Line %u, column %u: %s"), l, c, reason);
  return FALSE;
}

static void
json_newline (JsonParser *parser)
{
  g_string_append_c (parser->out, '\n');
  for (guint i = 0; i < parser->stack->len; i++)
    g_string_append (parser->out, "  ");
}

/* Called before writing anything but the close of an empty container. */
static void
json_before_token (JsonParser *parser)
{
  if (parser->mode == JSON_PRETTY && parser->open_pending)
    json_newline (parser);
  parser->open_pending = FALSE;
}

static void
json_emit (JsonParser *parser,
           gsize       start,
           gsize       end)
{
  if (parser->mode != JSON_VALIDATE)
    g_string_append_len (parser->out, (const char *) parser->data + start, end - start);
}

static const char *
json_expectation (JsonParser *parser,
                  JsonState   state)
{
  switch (state)
    {
    case EXPECT_VALUE:
    case EXPECT_VALUE_OR_CLOSE:
      return _("expected a value: an object, array, string, number, true, false or null");
    case EXPECT_KEY_OR_CLOSE:
    case EXPECT_KEY:
      return _("expected a member name in double quotes");
    case EXPECT_COLON:
      return _("expected “:” after the member name");
    case EXPECT_COMMA_OR_CLOSE:
      if (parser->stack->len > 0 && parser->stack->data[parser->stack->len - 1] == '{')
        return _("expected “,” or “}”");
      return _("expected “,” or “]”");
    case EXPECT_END:
    default:
      return _("unexpected text after the end of the JSON value");
    }
}

/* Scans a string starting at the opening quote; *end is past the closing one. */
static const char *
json_scan_string (JsonParser *parser,
                  gsize      *end,
                  gsize      *error_offset)
{
  gsize p = parser->pos + 1;

  while (p < parser->len)
    {
      guint8 b = parser->data[p];

      if (b == '"')
        {
          *end = p + 1;
          return NULL;
        }
      if (b == '\\')
        {
          if (p + 1 >= parser->len)
            break;
          switch (parser->data[p + 1])
            {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
              p += 2;
              continue;
            case 'u':
              for (guint i = 0; i < 4; i++)
                if (p + 2 + i >= parser->len || !g_ascii_isxdigit (parser->data[p + 2 + i]))
                  {
                    *error_offset = p;
                    return _("invalid \\u escape: it needs four hexadecimal digits");
                  }
              p += 6;
              continue;
            default:
              *error_offset = p;
              return _("invalid escape sequence in a string");
            }
        }
      if (b < 0x20)
        {
          *error_offset = p;
          return _("control character in a string: write it as an escape such as \\n or \\t");
        }
      if (b >= 0x80)
        {
          gunichar c = g_utf8_get_char_validated ((const char *) parser->data + p, parser->len - p);

          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              *error_offset = p;
              return _("invalid UTF-8 in a string");
            }
          p += g_utf8_skip[b];
          continue;
        }
      p++;
    }
  *error_offset = parser->pos;
  return _("unterminated string: the closing quote is missing");
}

static gboolean
json_scan_number (JsonParser *parser,
                  gsize      *end)
{
  const guint8 *d = parser->data;
  gsize n = parser->len;
  gsize p = parser->pos;

  if (p < n && d[p] == '-')
    p++;
  if (p < n && d[p] == '0')
    p++;
  else if (p < n && d[p] >= '1' && d[p] <= '9')
    while (p < n && g_ascii_isdigit (d[p]))
      p++;
  else
    return FALSE;

  if (p < n && d[p] == '.')
    {
      p++;
      if (p >= n || !g_ascii_isdigit (d[p]))
        return FALSE;
      while (p < n && g_ascii_isdigit (d[p]))
        p++;
    }
  if (p < n && (d[p] == 'e' || d[p] == 'E'))
    {
      p++;
      if (p < n && (d[p] == '+' || d[p] == '-'))
        p++;
      if (p >= n || !g_ascii_isdigit (d[p]))
        return FALSE;
      while (p < n && g_ascii_isdigit (d[p]))
        p++;
    }
  /* "01" or "1x": a number must end at a delimiter. */
  if (p < n && (g_ascii_isalnum (d[p]) || d[p] == '.' || d[p] == '-' || d[p] == '+'))
    return FALSE;
  *end = p;
  return TRUE;
}

static gboolean
json_process (const guint8  *data,
              gsize          len,
              JsonMode       mode,
              GString       *out,
              guint         *line,
              guint         *column,
              GError       **error)
{
  g_autoptr(GByteArray) stack = g_byte_array_new ();
  JsonParser parser = { data, len, 0, mode, out, stack, FALSE };
  JsonState state = EXPECT_VALUE;

  for (;;)
    {
      gsize start, end = 0;
      guint8 b;
      gboolean value_done = FALSE;

      while (parser.pos < len && (data[parser.pos] == ' ' || data[parser.pos] == '\t' ||
                                  data[parser.pos] == '\n' || data[parser.pos] == '\r'))
        parser.pos++;

      if (parser.pos >= len)
        {
          if (state == EXPECT_END)
            break;
          if (stack->len == 0 && state == EXPECT_VALUE)
            return json_fail (&parser, len, line, column, error, _("there is no JSON value, only whitespace"));
          return json_fail (&parser, len, line, column, error,
                            _("the text ends before the JSON value does"));
        }
      if (mode != JSON_VALIDATE && out->len > KH_VALUE_DECODE_MAX_OUTPUT)
        {
          g_set_error (error, KH_ERROR, KH_ERROR_TOO_LARGE,
                       _("The formatted JSON would be larger than %d MiB, too large to show"),
                       KH_VALUE_DECODE_MAX_OUTPUT / (1024 * 1024));
          return FALSE;
        }

      start = parser.pos;
      b = data[start];

      switch (b)
        {
        case '{':
        case '[':
          if (state != EXPECT_VALUE && state != EXPECT_VALUE_OR_CLOSE)
            return json_fail (&parser, start, line, column, error, json_expectation (&parser, state));
          if (stack->len >= JSON_MAX_DEPTH)
            return json_fail (&parser, start, line, column, error,
                              _("the value is nested too deeply (more than 512 levels)"));
          json_before_token (&parser);
          json_emit (&parser, start, start + 1);
          g_byte_array_append (stack, &b, 1);
          parser.open_pending = TRUE;
          parser.pos++;
          state = b == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
          continue;

        case '}':
        case ']':
          {
            guint8 open = b == '}' ? '{' : '[';
            gboolean may_close = (state == EXPECT_COMMA_OR_CLOSE ||
                                  (b == '}' && state == EXPECT_KEY_OR_CLOSE) ||
                                  (b == ']' && state == EXPECT_VALUE_OR_CLOSE));

            if (!may_close || stack->len == 0 || stack->data[stack->len - 1] != open)
              return json_fail (&parser, start, line, column, error, json_expectation (&parser, state));
            g_byte_array_set_size (stack, stack->len - 1);
            if (parser.open_pending)
              parser.open_pending = FALSE;   /* empty: {} or [] */
            else if (mode == JSON_PRETTY)
              json_newline (&parser);
            json_emit (&parser, start, start + 1);
            parser.pos++;
            value_done = TRUE;
          }
          break;

        case ',':
          if (state != EXPECT_COMMA_OR_CLOSE)
            return json_fail (&parser, start, line, column, error, json_expectation (&parser, state));
          json_emit (&parser, start, start + 1);
          if (mode == JSON_PRETTY)
            json_newline (&parser);
          parser.pos++;
          state = stack->data[stack->len - 1] == '{' ? EXPECT_KEY : EXPECT_VALUE;
          continue;

        case ':':
          if (state != EXPECT_COLON)
            return json_fail (&parser, start, line, column, error, json_expectation (&parser, state));
          if (mode == JSON_PRETTY)
            g_string_append (out, ": ");
          else
            json_emit (&parser, start, start + 1);
          parser.pos++;
          state = EXPECT_VALUE;
          continue;

        case '"':
          {
            gsize error_offset = 0;
            const char *problem;

            if (state != EXPECT_VALUE && state != EXPECT_VALUE_OR_CLOSE &&
                state != EXPECT_KEY && state != EXPECT_KEY_OR_CLOSE)
              return json_fail (&parser, start, line, column, error, json_expectation (&parser, state));
            problem = json_scan_string (&parser, &end, &error_offset);
            if (problem != NULL)
              return json_fail (&parser, error_offset, line, column, error, problem);
            json_before_token (&parser);
            json_emit (&parser, start, end);
            parser.pos = end;
            if (state == EXPECT_KEY || state == EXPECT_KEY_OR_CLOSE)
              {
                state = EXPECT_COLON;
                continue;
              }
            value_done = TRUE;
          }
          break;

        default:
          if (state != EXPECT_VALUE && state != EXPECT_VALUE_OR_CLOSE)
            return json_fail (&parser, start, line, column, error, json_expectation (&parser, state));
          if (b == '-' || g_ascii_isdigit (b))
            {
              if (!json_scan_number (&parser, &end))
                return json_fail (&parser, start, line, column, error,
                                  _("invalid number: write numbers like 12, -3.5 or 1e10, without leading zeros"));
            }
          else
            {
              static const char * const words[] = { "true", "false", "null" };

              for (guint i = 0; i < G_N_ELEMENTS (words); i++)
                {
                  gsize n = strlen (words[i]);

                  if (len - start >= n && memcmp (data + start, words[i], n) == 0 &&
                      (start + n == len || !g_ascii_isalnum (data[start + n])))
                    end = start + n;
                }
              if (end == 0)
                return json_fail (&parser, start, line, column, error, json_expectation (&parser, state));
            }
          json_before_token (&parser);
          json_emit (&parser, start, end);
          parser.pos = end;
          value_done = TRUE;
          break;
        }

      if (value_done)
        state = stack->len == 0 ? EXPECT_END : EXPECT_COMMA_OR_CLOSE;
    }
  return TRUE;
}

gboolean
kh_value_decode_json_validate (const guint8  *data,
                               gsize          len,
                               guint         *line,
                               guint         *column,
                               GError       **error)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  return json_process (data, len, JSON_VALIDATE, NULL, line, column, error);
}

char *
kh_value_decode_json_pretty (const guint8  *data,
                             gsize          len,
                             guint         *line,
                             guint         *column,
                             GError       **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (len + len / 4);
  if (!json_process (data, len, JSON_PRETTY, out, line, column, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

GBytes *
kh_value_encode_json (const guint8  *data,
                      gsize          len,
                      gboolean       minify,
                      GError       **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (!minify)
    {
      if (!json_process (data, len, JSON_VALIDATE, NULL, NULL, NULL, error))
        return NULL;
      return g_bytes_new (data, len);
    }
  out = g_string_sized_new (len);
  if (!json_process (data, len, JSON_MINIFY, out, NULL, NULL, error))
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* Hex dump */

char *
kh_value_decode_hex_dump (const guint8 *data,
                          gsize         len,
                          gsize         max_bytes)
{
  return kh_value_decode_hex_dump_rows (data, len, max_bytes, 16);
}

char *
kh_value_decode_hex_dump_rows (const guint8 *data,
                               gsize         len,
                               gsize         max_bytes,
                               guint         bytes_per_row)
{
  gsize shown = max_bytes > 0 ? MIN (len, max_bytes) : len;
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (bytes_per_row == 8 || bytes_per_row == 16, NULL);

  out = g_string_sized_new ((shown / bytes_per_row + 2) * (bytes_per_row * 4 + 16));
  for (gsize offset = 0; offset < shown; offset += bytes_per_row)
    {
      gsize n = MIN (bytes_per_row, shown - offset);

      g_string_append_printf (out, "%08" G_GSIZE_MODIFIER "x  ", offset);
      for (gsize j = 0; j < bytes_per_row; j++)
        {
          if (j == 8)
            g_string_append_c (out, ' ');
          if (j < n)
            g_string_append_printf (out, "%02x ", data[offset + j]);
          else
            g_string_append (out, "   ");
        }
      g_string_append (out, " |");
      for (gsize j = 0; j < n; j++)
        {
          guint8 c = data[offset + j];

          g_string_append_c (out, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      g_string_append (out, "|\n");
    }
  if (shown < len)
    g_string_append_printf (out, _("… %zu more bytes not shown\n"), len - shown);
  return g_string_free (out, FALSE);
}

/* Detection */

KhValueFormat
kh_value_decode_detect (const guint8 *data,
                        gsize         len)
{
  gsize first = 0;

  if (len == 0)
    return KH_VALUE_FORMAT_EMPTY;
  if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return KH_VALUE_FORMAT_GZIP;
  if (!kh_value_decode_is_printable (data, len))
    return KH_VALUE_FORMAT_BINARY;

  while (first < len && g_ascii_isspace (data[first]))
    first++;
  if (first < len && (data[first] == '{' || data[first] == '[') && len <= JSON_DETECT_MAX &&
      kh_value_decode_json_validate (data, len, NULL, NULL, NULL))
    return KH_VALUE_FORMAT_JSON;
  if (len >= BASE64_DETECT_MIN && base64_check (data, len, NULL))
    return KH_VALUE_FORMAT_BASE64;
  return KH_VALUE_FORMAT_TEXT;
}
