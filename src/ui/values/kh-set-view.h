/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-set-view.h: a set, a page of members at a time; add and remove */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_SET_VIEW (kh_set_view_get_type ())

G_DECLARE_FINAL_TYPE (KhSetView, kh_set_view, KH, SET_VIEW, KhValuePane)

/* Its rows are the members loaded so far (name = member). */
GtkWidget *kh_set_view_new (KhSession *session,
                            GBytes    *key);

G_END_DECLS
