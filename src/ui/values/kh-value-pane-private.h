/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-pane-private.h: what kh-value-pane.c shares with
 * kh-value-pane-dialogs.c and kh-value-pane-rows.c */
#pragma once

#include "kh-value-pane.h"

G_BEGIN_DECLS

typedef struct
{
  KhSession          *session;
  GBytes             *key;
  KhValueHeader       header;
  gboolean            has_header;
  GCancellable       *cancellable;
  gboolean            loading;
  guint               n_writes;
  gboolean            disposed;
  gboolean            gone;          /* the key no longer exists: read-only */

  /* Collections (kh-value-pane-rows.c) */
  GListStore         *rows;
  GtkSingleSelection *selection;
  KhValueRow         *shown_row;
  GtkColumnView      *column_view;
  GtkScrolledWindow  *scrolled;
  GtkLabel           *count_label;
  GtkWidget          *load_more_button;
  GtkWidget          *row_editor;       /* focused when a row is activated */
  gboolean            more_available;

  /* The value editor of hashes and lists */
  GtkTextView        *value_view;
  GtkWidget          *value_note;
  gboolean            value_escaped;
  gboolean            value_long_lines;  /* shown broken up, read-only */
} KhValuePanePrivate;

KhValuePanePrivate *kh_value_pane_get_private (KhValuePane *self);

/* TRUE once kh_value_pane_close() ran or the pane was disposed: results
 * and answers no longer reach the user. */
gboolean kh_value_pane_is_closed (KhValuePane *self);

/* "pane.load-more" */
void     kh_value_pane_load_more (KhValuePane *self);

G_END_DECLS
