/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-stream-view.h: a stream, newest entries first, with its consumer groups */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_STREAM_VIEW (kh_stream_view_get_type ())

G_DECLARE_FINAL_TYPE (KhStreamView, kh_stream_view, KH, STREAM_VIEW, KhValuePane)

/* Its rows are the entries loaded so far, newest first (id, fields). */
GtkWidget *kh_stream_view_new          (KhSession    *session,
                                        GBytes       *key);
/* Consumer groups shown (XINFO GROUPS). */
guint      kh_stream_view_get_n_groups (KhStreamView *self);

G_END_DECLS
