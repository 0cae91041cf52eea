/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-session-view-private.h: what the files of KhSessionView share
 *
 * kh-session-view.c (state, opening the session, actions, GObject),
 * kh-session-view-connecting.c (attempts, sandbox start, keyring, password),
 * kh-session-view-pages.c (the pages of a session) and
 * kh-session-view-banner.c (the status bar and the reconnect banner).
 */
#pragma once

#include "kh-session-view.h"

G_BEGIN_DECLS

struct _KhSessionView
{
  AdwBin          parent_instance;

  KhProfile      *profile;
  KhSandbox      *sandbox;
  KhSession      *session;
  KhServerSampler *sampler;       /* the session's load history, from the moment it opened */
  GSettings      *settings;
  GCancellable   *cancellable;    /* the running attempt */
  guint           attempt;        /* counts attempts, so late callbacks know they are stale */
  GBinding       *progress_binding;

  char           *password;       /* typed by the user for this tab */
  GtkWindow      *password_dialog; /* weak */
  gboolean        remember_password;
  gboolean        keyring_available;
  gboolean        loading;
  GIcon          *icon;
  GIcon          *indicator_icon;

  /* template children */
  GtkStack       *stack;
  AdwStatusPage  *connecting_page;
  GtkSpinner     *spinner;
  GtkProgressBar *progress_bar;
  AdwStatusPage  *error_page;
  GtkWidget      *edit_button;
  GtkRevealer    *reconnect_revealer;
  GtkSpinner     *reconnect_spinner;
  GtkLabel       *reconnect_label;
  GtkWidget      *reconnect_button;
  GtkWidget      *retry_now_button;
  GtkWidget      *disconnect_button;
  char           *lost_reason;    /* why the connection was lost, for the banner */
  AdwViewStack   *view_stack;
  AdwViewSwitcherBar *switcher_bar;
  GtkLabel       *server_label;
  GtkLabel       *address_label;
  GtkLabel       *database_label;
  GtkWidget      *read_only_label;
  GtkLabel       *state_label;
  GtkLabel       *commands_label;
};

/* What an async callback gets: the view and which attempt it belongs to. */
typedef struct {
  KhSessionView *self;
  guint          attempt;
} Attempt;

/* kh-session-view.c */
void     _kh_session_view_set_loading        (KhSessionView *self,
                                              gboolean       loading);
void     _kh_session_view_show_error         (KhSessionView *self,
                                              const GError  *error);
/* Ends the current attempt and drops the current session. */
void     _kh_session_view_stop               (KhSessionView *self);
void     _kh_session_view_set_connecting     (KhSessionView *self,
                                              const char    *title,
                                              const char    *description);
void     _kh_session_view_open_session       (KhSessionView *self);

/* kh-session-view-connecting.c */
Attempt *_kh_session_view_attempt_new        (KhSessionView *self);
void     _kh_session_view_attempt_free       (Attempt       *attempt);
gboolean _kh_session_view_attempt_is_current (Attempt       *attempt);
void     _kh_session_view_ask_password       (KhSessionView *self,
                                              const GError  *reason);
void     _kh_session_view_on_password_stored (GObject       *object,
                                              GAsyncResult  *result,
                                              gpointer       user_data);

/* kh-session-view-banner.c */
void     _kh_session_view_update_status      (KhSessionView *self);
void     _kh_session_view_connect_status     (KhSessionView *self);
void     _kh_session_view_on_sandbox_running (KhSandbox     *sandbox,
                                              GParamSpec    *pspec,
                                              KhSessionView *self);

/* kh-session-view-pages.c */
void     _kh_session_view_build_pages        (KhSessionView *self);
/* Makes the visible page when it is still a placeholder */
void     _kh_session_view_fill_visible_page  (KhSessionView *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, _kh_session_view_attempt_free)

G_END_DECLS
