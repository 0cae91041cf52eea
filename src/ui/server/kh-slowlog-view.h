/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-slowlog-view.h: a connection's slow log, and the server's memory and latency doctors */
#pragma once

#include <adwaita.h>

#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_SLOWLOG_VIEW (kh_slowlog_view_get_type ())

G_DECLARE_FINAL_TYPE (KhSlowlogView, kh_slowlog_view, KH, SLOWLOG_VIEW, GtkWidget)

/* Reads SLOWLOG GET 128, MEMORY DOCTOR and LATENCY DOCTOR each time the view is shown. */
GtkWidget   *kh_slowlog_view_new         (KhSession     *session);

KhSession   *kh_slowlog_view_get_session (KhSlowlogView *self);
void         kh_slowlog_view_refresh     (KhSlowlogView *self);
/* TRUE while a refresh or a reset waits for the server. */
gboolean     kh_slowlog_view_get_loading (KhSlowlogView *self);
/* The entries shown, KhSlowlogEntry items in the current sort order. */
GListModel  *kh_slowlog_view_get_model   (KhSlowlogView *self);

G_END_DECLS
