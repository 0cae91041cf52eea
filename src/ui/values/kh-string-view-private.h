/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-string-view-private.h: what kh-string-view.c shares with
 * kh-string-view-tools.c */
#pragma once

#include "kh-large-text-view.h"
#include "kh-string-view.h"
#include "kh-value-decode.h"

G_BEGIN_DECLS

/* Bytes of a binary value shown as a hex dump */
#define HEX_MAX_BYTES (64 * 1024)

struct _KhStringView
{
  KhValuePane       parent_instance;

  GBytes           *value;          /* the bytes loaded: all, or the first ones */
  gboolean          truncated;
  gint64            total_length;
  KhStringViewMode  mode;
  gboolean          is_integer;
  gboolean          long_lines;     /* too long for the editor: shown read-only */
  gboolean          in_large_view;  /* shown in large_view, read-only */
  guint             hex_bytes_per_row;  /* 16 when the view is wide enough, else 8 */
  guint             hex_idle;       /* dumps again for a new width */
  gboolean          large_pending;  /* loading until large_view has laid the text out */
  GCancellable     *prepare_cancellable;  /* deciding how to show a large value, in a thread */
  gboolean          compact_json;
  gboolean          saving_to_file;
  GCancellable     *file_cancellable;
  GtkFileChooserNative *file_chooser;

  /* template children */
  GtkRevealer      *large_revealer;
  GtkLabel         *large_label;
  GtkWidget        *load_all_button;
  GtkRevealer      *file_revealer;
  GtkLabel         *file_label;
  GtkProgressBar   *file_progress;
  GtkLabel         *format_label;
  GtkWidget        *number_box;
  GtkWidget        *decrement_button;
  GtkWidget        *increment_button;
  GtkWidget        *save_button;
  GtkWidget        *revert_button;
  GtkStack         *stack;         /* "value" (the editor), "large" or "decoded" */
  GtkSourceView    *source_view;
  GtkSourceBuffer  *buffer;
  KhLargeTextView  *large_view;
  GtkLabel         *decoded_label;
  GtkSourceBuffer  *decoded_buffer;
};

/* Shows @text, not as an edit: it cannot be undone and leaves the buffer
 * unmodified; highlighted as @language_id (may be NULL) unless very long. */
void   kh_string_view_set_buffer_text  (GtkSourceBuffer *buffer,
                                        const char      *text,
                                        const char      *language_id);
/* The bytes loaded, shown as suits them */
void   kh_string_view_set_value        (KhStringView    *self,
                                        GBytes          *value,
                                        gboolean         truncated,
                                        gint64           total_length);
/* hexdump -C of at most HEX_MAX_BYTES bytes, @bytes_per_row (8 or 16) a
 * row, without a final newline */
char  *kh_string_view_hex_dump         (const guint8    *data,
                                        gsize            len,
                                        guint            bytes_per_row);

/* kh-string-view-tools.c */
void   kh_string_view_class_init_tools (GtkWidgetClass  *widget_class);

/* kh-string-view-decide.c */
/* How a value is shown: decided apart from the widgets, so that a large
 * value is looked at in a thread */
typedef struct {
  KhStringViewMode mode;
  KhValueFormat    format;
  gboolean         is_integer;
  gboolean         compact_json;
  gboolean         long_lines;
  const char      *language;
  char            *text;        /* for the editor */
  GBytes          *large_text;  /* or for large_view */
} Shown;

void   _kh_string_view_shown_free   (Shown           *shown);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shown, _kh_string_view_shown_free)
/* May run in a thread: looks only at @value */
Shown *_kh_string_view_decide_shown (GBytes          *value,
                                     gboolean         truncated,
                                     guint            hex_bytes_per_row);

G_END_DECLS
