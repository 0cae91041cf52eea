/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-view.h: one key's value: a header (name, type, TTL, encoding,
 * size, length) with rename and TTL editing, and the viewer and editor for
 * the key's type */
#pragma once

#include <adwaita.h>

#include "kh-session.h"
#include "kh-value-header.h"
#include "kh-value-pane.h"
#include "kh-ui-enums.h"

G_BEGIN_DECLS

#define KH_TYPE_VALUE_VIEW (kh_value_view_get_type ())

G_DECLARE_FINAL_TYPE (KhValueView, kh_value_view, KH, VALUE_VIEW, GtkWidget)

/* What the view shows */
typedef enum {
  KH_VALUE_VIEW_EMPTY,        /* no key: "Select a key to see its value" */
  KH_VALUE_VIEW_LOADING,
  KH_VALUE_VIEW_VALUE,        /* the header and the type's pane */
  KH_VALUE_VIEW_UNSUPPORTED,  /* the header and "Keyhole can’t show this type yet" */
  KH_VALUE_VIEW_GONE,         /* "This key no longer exists": what was shown stays, read-only,
                               * with Create Again; a status page when nothing was shown */
  KH_VALUE_VIEW_ERROR,        /* loading failed; the reason is the message */
} KhValueViewState;

GtkWidget           *kh_value_view_new          (KhSession    *session);
KhSession           *kh_value_view_get_session  (KhValueView  *self);

/* Shows @key (NULL clears the view), cancelling what the previous key was
 * loading. Nothing blocks: the value arrives later. */
void                 kh_value_view_set_key      (KhValueView  *self,
                                                 GBytes       *key);
/* The same, with the type the caller believes the key has (a TYPE answer
 * such as "hash"): the header then takes one round trip instead of two. */
void                 kh_value_view_set_key_with_type (KhValueView *self,
                                                      GBytes      *key,
                                                      const char  *type_hint);
GBytes              *kh_value_view_get_key      (KhValueView  *self);
/* Loads the header and the value again. */
void                 kh_value_view_reload       (KhValueView  *self);

KhValueViewState     kh_value_view_get_state    (KhValueView  *self);
/* TRUE while the header or the first page is on its way. */
gboolean             kh_value_view_get_loading  (KhValueView  *self);
/* The header last loaded; NULL before one arrived. */
const KhValueHeader *kh_value_view_get_header   (KhValueView  *self);
/* The viewer for the key's type; NULL unless the state is VALUE. */
KhValuePane         *kh_value_view_get_pane     (KhValueView  *self);
/* The sentence in the inline message, or NULL when none is shown. */
const char          *kh_value_view_get_message  (KhValueView  *self);

G_END_DECLS
