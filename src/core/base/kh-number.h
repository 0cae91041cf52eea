/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-number.h: decimal numbers in server replies, read strictly */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean kh_number_parse_uint64 (const char *text,
                                 guint64     max,
                                 guint64    *out);
gboolean kh_number_parse_int64  (const char *text,
                                 gint64      min,
                                 gint64      max,
                                 gint64     *out);

G_END_DECLS
