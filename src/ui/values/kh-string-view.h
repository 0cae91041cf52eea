/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-string-view.h: a string value: text and JSON editing, a hex view for
 * binary values, increments for numbers, decoders, and large values without
 * surprises */
#pragma once

#include <gtksourceview/gtksource.h>

#include "kh-value-pane.h"

G_BEGIN_DECLS

#define KH_TYPE_STRING_VIEW (kh_string_view_get_type ())

G_DECLARE_FINAL_TYPE (KhStringView, kh_string_view, KH, STRING_VIEW, KhValuePane)

typedef enum {
  KH_STRING_VIEW_TEXT,    /* editable text */
  KH_STRING_VIEW_JSON,    /* pretty-printed JSON, validated before saving */
  KH_STRING_VIEW_NUMBER,  /* an integer or a float: text with increment buttons */
  KH_STRING_VIEW_HEX,     /* binary: a read-only hex dump */
} KhStringViewMode;

GtkWidget        *kh_string_view_new              (KhSession    *session,
                                                   GBytes       *key);
KhStringViewMode  kh_string_view_get_mode         (KhStringView *self);
/* The editor's buffer: the text shown, and what Save writes. */
GtkSourceBuffer  *kh_string_view_get_buffer       (KhStringView *self);
/* The bytes last loaded (all, or the first ones when truncated); NULL
 * before they arrive. */
GBytes           *kh_string_view_get_value        (KhStringView *self);
/* TRUE while only the first KH_VALUE_STRING_THRESHOLD bytes are shown. */
gboolean          kh_string_view_get_truncated    (KhStringView *self);
/* Whether edited JSON is saved without whitespace; by default, when the
 * stored value was compact. */
gboolean          kh_string_view_get_compact_json (KhStringView *self);
void              kh_string_view_set_compact_json (KhStringView *self,
                                                   gboolean      compact);

G_END_DECLS
