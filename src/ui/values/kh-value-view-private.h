/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-view-private.h: what kh-value-view.c shares with
 * kh-value-view-actions.c */
#pragma once

#include "kh-value-view.h"

G_BEGIN_DECLS

struct _KhValueView
{
  GtkWidget         parent_instance;

  KhSession        *session;
  GBytes           *key;
  char             *type_hint;
  GCancellable     *cancellable;   /* the current key's loads */
  KhValueViewState  state;
  KhValueHeader     header;
  gboolean          has_header;
  gint64            header_time;   /* monotonic time the TTL was read */
  guint             ttl_timeout;
  gboolean          header_loading;
  KhValuePane      *pane;
  char             *message;
  gboolean          message_transient; /* the message is about the connection */
  guint             header_idle;     /* kh_value_view_queue_header() */

  /* template children */
  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  GtkSpinner       *spinner;
  GtkLabel         *type_label;
  GtkLabel         *name_label;
  GtkWidget        *rename_button;
  GtkEditable      *rename_entry;
  GtkWidget        *delete_button;
  GtkWidget        *ttl_button;
  GtkLabel         *ttl_label;
  GtkLabel         *length_label;
  GtkLabel         *size_label;
  GtkLabel         *encoding_label;
  GtkRevealer      *message_revealer;
  GtkLabel         *message_label;
  GtkRevealer      *gone_revealer;
  GtkLabel         *gone_label;
  GtkStack         *content_stack;
  AdwBin           *pane_bin;
  AdwStatusPage    *unsupported_page;
  AdwStatusPage    *gone_page;
  AdwStatusPage    *error_page;
  GtkSpinButton    *ttl_spin;
};

/* What an answer from the server needs: answers for a key that is no longer
 * shown are dropped (the request's cancellable was cancelled). */
typedef struct {
  KhValueView  *self;
  GCancellable *cancellable;
  GBytes       *key;
  GBytes       *new_key;
  gboolean      full;
} Request;

Request  *kh_value_view_request_new         (KhValueView      *self);
void      kh_value_view_request_free        (gpointer          data);
gboolean  kh_value_view_request_current     (Request          *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, kh_value_view_request_free)

gboolean  kh_value_view_is_writable         (KhValueView      *self);
void      kh_value_view_update_actions      (KhValueView      *self);
void      kh_value_view_set_state           (KhValueView      *self,
                                             KhValueViewState  state);
/* The inline message; NULL hides it. */
void      kh_value_view_show_message        (KhValueView      *self,
                                             const char       *text);
void      kh_value_view_toast               (KhValueView      *self,
                                             const char       *text);
/* A failure's sentence: a connection error's goes when the connection is back. */
void      kh_value_view_show_error          (KhValueView      *self,
                                             const GError     *error);
/* The key no longer exists: the pane keeps what it showed, read-only, and
 * only Create Again writes. */
void      kh_value_view_mark_gone           (KhValueView      *self);
/* The header again, once for every change asked for in one main loop turn. */
void      kh_value_view_queue_header        (KhValueView      *self);
/* Loads the header again; @full also replaces the pane. */
void      kh_value_view_load_header         (KhValueView      *self,
                                             gboolean          full);
void      kh_value_view_drop_pane           (KhValueView      *self);
void      kh_value_view_stop_ttl_countdown  (KhValueView      *self);
void      kh_value_view_emit_key_renamed    (KhValueView      *self,
                                             GBytes           *old_key,
                                             GBytes           *new_key);
void      kh_value_view_emit_key_deleted    (KhValueView      *self,
                                             GBytes           *key);

/* kh-value-view-actions.c */
void      kh_value_view_class_init_actions  (GtkWidgetClass   *widget_class);
void      kh_value_view_init_actions        (KhValueView      *self);
/* What Create Again would write: the items of kh_value_recreate_async(), or
 * NULL when the pane cannot say (nothing loaded, a truncated string). */
GPtrArray *kh_value_view_dup_shown_items    (KhValueView      *self);

G_END_DECLS
