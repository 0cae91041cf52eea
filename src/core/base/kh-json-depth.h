/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-json-depth.h: how deeply a JSON text nests, measured before a parser sees it */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KH_JSON_MAX_DEPTH 64

gboolean kh_json_check_depth (const char  *data,
                              gsize        len,
                              guint        max_depth,
                              GError     **error);

G_END_DECLS
