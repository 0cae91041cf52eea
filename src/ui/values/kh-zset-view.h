/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-zset-view.h: a sorted set, paged by rank or within a score range, with
 * a conflict-safe score editor */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_ZSET_VIEW (kh_zset_view_get_type ())

G_DECLARE_FINAL_TYPE (KhZsetView, kh_zset_view, KH, ZSET_VIEW, KhValuePane)

/* Its rows are the members loaded so far (name = member, score, index = rank). */
GtkWidget   *kh_zset_view_new             (KhSession  *session,
                                           GBytes     *key);
/* Pages by score (within the range) instead of by rank; reloads. */
void         kh_zset_view_set_by_score    (KhZsetView *self,
                                           gboolean    by_score);
/* Highest scores first; reloads. */
void         kh_zset_view_set_reverse     (KhZsetView *self,
                                           gboolean    reverse);
/* The range shown by score, in the server's syntax ("1.5", "(1.5", "-inf"); reloads. */
void         kh_zset_view_set_score_range (KhZsetView *self,
                                           const char *min,
                                           const char *max);
/* The selected member's score; "pane.save" writes it. */
GtkEditable *kh_zset_view_get_score_entry (KhZsetView *self);

G_END_DECLS
