/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-hash-view.h: a hash, a page of fields at a time, with a conflict-safe
 * editor for the selected field */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_HASH_VIEW (kh_hash_view_get_type ())

G_DECLARE_FINAL_TYPE (KhHashView, kh_hash_view, KH, HASH_VIEW, KhValuePane)

/* Its rows are the fields loaded so far (name = field, value); the value
 * editor holds the selected field's value, which "pane.save" writes. */
GtkWidget *kh_hash_view_new (KhSession *session,
                             GBytes    *key);

G_END_DECLS
