/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-reply-format.h: replies printed the way redis-cli prints them */
#pragma once

#include <glib.h>

#include "kh-reply.h"

G_BEGIN_DECLS

/* redis-cli's interactive form: OK, (integer) 42, (nil), (error) ERR ...,
 * "quoted strings" with \n \xff escapes, (empty array), and arrays as
 * numbered lines with nested arrays aligned after their index. No trailing
 * newline. */
char   *kh_reply_format_cli       (const KhReply *reply);

/* redis-cli --raw: strings as their bytes, integers bare, nil as an empty
 * line, errors as their text, array elements one per line. No trailing
 * newline. A string holding NUL bytes is cut short here: use
 * kh_reply_format_raw_bytes() to keep every byte. */
char   *kh_reply_format_raw       (const KhReply *reply);
GBytes *kh_reply_format_raw_bytes (const KhReply *reply);

G_END_DECLS
