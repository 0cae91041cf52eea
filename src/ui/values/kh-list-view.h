/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-list-view.h: a list, a page of elements at a time, with a conflict-safe
 * editor for the selected element */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_LIST_VIEW (kh_list_view_get_type ())

G_DECLARE_FINAL_TYPE (KhListView, kh_list_view, KH, LIST_VIEW, KhValuePane)

/* Its rows are the elements loaded so far (index, value); the value editor
 * holds the selected element, which "pane.save" writes. */
GtkWidget *kh_list_view_new (KhSession *session,
                             GBytes    *key);

G_END_DECLS
