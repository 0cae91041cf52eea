/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-large-text-view.h: a read-only view of a text too large for GtkTextView */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KH_TYPE_LARGE_TEXT_VIEW (kh_large_text_view_get_type ())
G_DECLARE_FINAL_TYPE (KhLargeTextView, kh_large_text_view, KH, LARGE_TEXT_VIEW, GtkWidget)

GtkWidget *kh_large_text_view_new         (void);
/* Shows @text (UTF-8, any size; may be NULL), once its lines are indexed in
 * a thread: until then :loading is TRUE and nothing is drawn. */
void       kh_large_text_view_set_text    (KhLargeTextView *self,
                                           GBytes          *text);
GBytes    *kh_large_text_view_get_text    (KhLargeTextView *self);
gboolean   kh_large_text_view_get_loading (KhLargeTextView *self);
/* Characters a row holds at the current width */
guint      kh_large_text_view_get_columns (KhLargeTextView *self);
guint64    kh_large_text_view_get_n_rows  (KhLargeTextView *self);
/* The bytes row @row shows, and whether the text's line ends with it. */
GBytes    *kh_large_text_view_dup_row     (KhLargeTextView *self,
                                           guint64          row,
                                           gboolean        *ends_line);
/* The cursor: a byte offset into the text, at a character's start */
guint64    kh_large_text_view_get_cursor  (KhLargeTextView *self);
/* The first row shown */
guint64    kh_large_text_view_get_top_row (KhLargeTextView *self);

G_END_DECLS
