/* kh-list-view.h: a list, a page of elements at a time, with a conflict-safe
 * editor for the selected element */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_LIST_VIEW (kh_list_view_get_type ())

G_DECLARE_FINAL_TYPE (KhListView, kh_list_view, KH, LIST_VIEW, KhValuePane)

GtkWidget     *kh_list_view_new               (KhSession  *session,
                                               GBytes     *key);
/* The elements loaded so far: KhValueRow items (index, value). */
GListModel    *kh_list_view_get_rows          (KhListView *self);
/* Selects a row: the editor shows its value. */
void           kh_list_view_select            (KhListView *self,
                                               guint       position);
/* The selected element; "pane.save" writes it. */
GtkTextBuffer *kh_list_view_get_editor_buffer (KhListView *self);

G_END_DECLS
