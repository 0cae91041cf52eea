/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-cli-parse.h: command lines typed the way redis-cli reads them */
#pragma once

#include <glib.h>

#include "kh-command.h"

G_BEGIN_DECLS

/* Splits @line into arguments with redis-cli's quoting rules: blanks separate
 * arguments; "double quotes" understand \n \r \t \b \a \\ \" and \xHH (any
 * byte, NUL included); 'single quotes' understand only \'. A closing quote
 * must be followed by a blank or the end of the line.
 *
 * Returns NULL without setting @error when the line is empty or blank, and
 * NULL with a KH_ERROR_INVALID_INPUT error naming the column when the quoting
 * is malformed. */
KhCommand *kh_cli_parse_line (const char  *line,
                              GError     **error);

/* One argument written so that kh_cli_parse_line() reads it back unchanged:
 * as is when it needs no quoting, otherwise in double quotes with the
 * escapes redis-cli prints ("\xff", "\n", "\""). */
char      *kh_cli_quote_arg  (const char  *data,
                              gsize        len);

/* Appends @data to @out always in double quotes, escaped as redis-cli
 * prints strings. */
void       kh_cli_append_quoted (GString    *out,
                                 const char *data,
                                 gsize       len);

G_END_DECLS
