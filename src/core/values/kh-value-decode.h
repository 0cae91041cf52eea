/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-decode.h: making sense of a value's bytes, and encoding them back
 *
 * Pure functions: no I/O, no main loop. Errors are KH_ERROR_INVALID_INPUT
 * (malformed input, with a message saying where) or KH_ERROR_TOO_LARGE.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* gzip output is cut off past this unless told otherwise. */
#define KH_VALUE_DECODE_MAX_OUTPUT (64 * 1024 * 1024)

typedef enum {
  KH_VALUE_FORMAT_EMPTY,
  KH_VALUE_FORMAT_TEXT,     /* printable UTF-8 */
  KH_VALUE_FORMAT_JSON,     /* a JSON object or array (scalars count as text) */
  KH_VALUE_FORMAT_GZIP,     /* starts with the gzip magic bytes */
  KH_VALUE_FORMAT_BASE64,   /* strict base64 of at least 8 characters, not JSON */
  KH_VALUE_FORMAT_BINARY,   /* anything else */
} KhValueFormat;

/* A guess at how to show @data, for choosing a viewer; cheap on large values
 * (JSON is only checked below 16 MiB). */
KhValueFormat kh_value_decode_detect        (const guint8 *data,
                                             gsize         len);

/* Valid UTF-8 (NUL bytes allowed: they are valid UTF-8). */
gboolean      kh_value_decode_is_utf8       (const guint8 *data,
                                             gsize         len);
/* Valid UTF-8 without control characters other than tab, newline and
 * carriage return (so no NUL, DEL or C1 controls either). */
gboolean      kh_value_decode_is_printable  (const guint8 *data,
                                             gsize         len);

/* Strict base64 (RFC 4648, standard alphabet): no whitespace, length a
 * multiple of 4, '=' padding only at the end and only as needed, unused bits
 * zero. The error names the offending offset. */
GBytes       *kh_value_decode_base64        (const guint8 *data,
                                             gsize         len,
                                             GError      **error);
/* Standard alphabet with padding. */
char         *kh_value_encode_base64        (const guint8 *data,
                                             gsize         len);

/* Decompresses one gzip member. Output past @max_output bytes (0 means
 * KH_VALUE_DECODE_MAX_OUTPUT) fails with KH_ERROR_TOO_LARGE; corrupt or
 * truncated data, or bytes after the end, with KH_ERROR_INVALID_INPUT. */
GBytes       *kh_value_decode_gzip          (const guint8 *data,
                                             gsize         len,
                                             gsize         max_output,
                                             GError      **error);
/* gzip at @level (-1 for zlib's default, 0-9 otherwise). */
GBytes       *kh_value_encode_gzip          (const guint8 *data,
                                             gsize         len,
                                             int           level,
                                             GError      **error);

/* Strict JSON (RFC 8259, UTF-8). On failure, *@line and *@column (1-based,
 * the column counts characters; may be NULL) point at the problem and the
 * message says "Line 3, column 14: ...". Numbers and strings are kept exactly
 * as written (no float rounding, no re-escaping): only whitespace changes. */
gboolean      kh_value_decode_json_validate (const guint8 *data,
                                             gsize         len,
                                             guint        *line,
                                             guint        *column,
                                             GError      **error);
/* Pretty-printed with 2-space indentation, "key": value, empty containers
 * as {} and []; no trailing newline. */
char         *kh_value_decode_json_pretty   (const guint8 *data,
                                             gsize         len,
                                             guint        *line,
                                             guint        *column,
                                             GError      **error);
/* For saving back: with @minify, without any whitespace; otherwise validated
 * and returned byte for byte as the user formatted it. */
GBytes       *kh_value_encode_json          (const guint8 *data,
                                             gsize         len,
                                             gboolean      minify,
                                             GError      **error);

/* hexdump -C style: "00000010  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a ... |Hello world.|",
 * one line of 16 bytes per row, '.' for unprintable bytes in the ASCII
 * column, each line ending in '\n'. At most @max_bytes bytes (0 means all);
 * when cut short the last line says how many bytes were left out. */
char         *kh_value_decode_hex_dump      (const guint8 *data,
                                             gsize         len,
                                             gsize         max_bytes);
/* The same with @bytes_per_row 8 or 16: 8 fits a narrow view. */
char         *kh_value_decode_hex_dump_rows (const guint8 *data,
                                             gsize         len,
                                             gsize         max_bytes,
                                             guint         bytes_per_row);

G_END_DECLS
