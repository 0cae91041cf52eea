/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-text.h: values as text: escaping bytes that are not text, cells,
 * counts, and the text views' style */
#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* Bytes as text to edit: printable UTF-8 as it is, anything else escaped
 * (\xHH, and \\ for a backslash) with *@escaped set. */
char                *kh_value_format_bytes          (GBytes              *bytes,
                                                     gboolean            *escaped);
/* The inverse: @text as bytes, unescaped when @escaped. */
GBytes              *kh_value_parse_text            (const char          *text,
                                                     gboolean             escaped);
/* Whether @text has a line too long to lay out quickly (past
 * KH_VALUE_LONG_LINE characters); such text is shown broken up, read-only. */
#define KH_VALUE_LONG_LINE (16 * 1024)
gboolean             kh_value_text_has_long_line    (const char          *text);
/* @text with a newline after every 4096 characters of a line. */
char                *kh_value_text_break_lines      (const char          *text);
/* Bytes on one line for a cell: escaped and cut short. */
char                *kh_value_format_cell           (GBytes              *bytes);
/* "1,234,567" in the user's locale. */
char                *kh_value_format_count          (guint64              n);
/* "1.2 kB" */
char                *kh_value_format_size           (guint64              bytes);

/* Gives @buffer the Adwaita source style, light or dark as the system is. */
void                 kh_value_source_buffer_follow_style (GtkSourceBuffer *buffer);
/* Soft wrapping in views of @buffer shows no hyphen that is not in the text:
 * Pango adds one where it breaks a word, which misleads in JSON or base64.
 * Every text inserted gets a tag that says so. */
void                 kh_value_text_buffer_without_hyphens (GtkTextBuffer *buffer);

G_END_DECLS
