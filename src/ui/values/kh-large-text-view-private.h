/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-large-text-view-private.h: what kh-large-text-view.c shares with
 * kh-large-text-view-cursor.c */
#pragma once

#include "kh-large-text-view.h"

G_BEGIN_DECLS

/* A non-ASCII line remembers where every CHECKPOINT_CHARS-th character
 * starts, so a row is found without walking the line from its start */
#define CHECKPOINT_CHARS 4096
#define MARGIN           6
#define MIN_COLUMNS      8

typedef struct {
  guint64 start;        /* byte offset of the line */
  guint64 n_bytes;      /* without its newline */
  guint64 n_chars;
  guint64 checkpoint;   /* its first checkpoint, for a non-ASCII line */
} Line;

typedef struct {
  GBytes *text;
  GArray *lines;        /* Line */
  GArray *checkpoints;  /* guint64 byte offsets */
} Index;

struct _KhLargeTextView
{
  GtkWidget      parent_instance;

  GBytes        *text;
  Index         *index;
  GCancellable  *cancellable;   /* the index being built */
  guint64       *first_rows;    /* of each line, and the number of rows after the last */
  guint          columns;
  guint64        cursor;
  guint64        anchor;        /* the selection runs from here to the cursor */

  int            char_width;    /* Pango units */
  int            row_height;    /* pixels */
  PangoLayout   *layout;

  GtkAdjustment *hadjustment;
  GtkAdjustment *vadjustment;
  GtkScrollablePolicy hscroll_policy;
  GtkScrollablePolicy vscroll_policy;
};

/* kh-large-text-view.c */
guint64        _kh_large_text_view_n_rows             (KhLargeTextView *self);
/* @n characters on from @p, no further than @end */
const guint8  *_kh_large_text_view_advance_chars      (const guint8    *p,
                                                       const guint8    *end,
                                                       guint64          n);
/* Where byte @b is shown: its row and column */
void           _kh_large_text_view_byte_to_row        (KhLargeTextView *self,
                                                       guint64          b,
                                                       guint64         *row,
                                                       guint64         *column);
guint64        _kh_large_text_view_row_column_to_byte (KhLargeTextView *self,
                                                       guint64          row,
                                                       guint64          column);
void           _kh_large_text_view_scroll_to_cursor   (KhLargeTextView *self);

/* kh-large-text-view-cursor.c: the cursor, the selection, keys and mouse */
void           _kh_large_text_view_class_init_cursor  (GtkWidgetClass  *widget_class);
void           _kh_large_text_view_init_cursor        (KhLargeTextView *self);

G_END_DECLS
