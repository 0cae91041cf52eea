/* kh-hash-view.h: a hash, a page of fields at a time, with a conflict-safe
 * editor for the selected field */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_HASH_VIEW (kh_hash_view_get_type ())

G_DECLARE_FINAL_TYPE (KhHashView, kh_hash_view, KH, HASH_VIEW, KhValuePane)

GtkWidget     *kh_hash_view_new               (KhSession  *session,
                                               GBytes     *key);
/* The fields loaded so far: KhValueRow items (name = field). */
GListModel    *kh_hash_view_get_rows          (KhHashView *self);
/* Selects a row: the editor shows its value. */
void           kh_hash_view_select            (KhHashView *self,
                                               guint       position);
/* The selected field's value; "pane.save" writes it. */
GtkTextBuffer *kh_hash_view_get_editor_buffer (KhHashView *self);

G_END_DECLS
