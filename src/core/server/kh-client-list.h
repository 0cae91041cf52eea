/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-client-list.h: the text of a CLIENT LIST reply, parsed into clients */
#pragma once

#include <glib.h>

#include "kh-client-info.h"

G_BEGIN_DECLS

/* Parses CLIENT LIST output: one client a line (LF or CRLF), "name=value"
 * fields separated by spaces. Lines without a numeric id are skipped, so a
 * reply from a newer server with fields this code does not know still reads.
 * @length may be -1 for NUL-terminated text.
 * Returns: (transfer full) (element-type KhClientInfo): the clients, in
 * server order; empty, never NULL. */
GPtrArray *kh_client_list_parse (const char *text,
                                 gssize      length);

G_END_DECLS
