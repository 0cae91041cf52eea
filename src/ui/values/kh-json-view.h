/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-json-view.h: a JSON module document (ReJSON-RL), pretty-printed, read-only */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_JSON_VIEW (kh_json_view_get_type ())

G_DECLARE_FINAL_TYPE (KhJsonView, kh_json_view, KH, JSON_VIEW, KhValuePane)

GtkWidget       *kh_json_view_new        (KhSession  *session,
                                          GBytes     *key);
GtkSourceBuffer *kh_json_view_get_buffer (KhJsonView *self);

G_END_DECLS
