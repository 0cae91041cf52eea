/* kh-server-view.h: a connection's server at a glance: facts, warnings and load charts */
#pragma once

#include <adwaita.h>

#include "kh-metrics.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_SERVER_VIEW (kh_server_view_get_type ())

G_DECLARE_FINAL_TYPE (KhServerView, kh_server_view, KH, SERVER_VIEW, GtkWidget)

/* Polls INFO on @session's connection while the view is on screen, every
 * "poll-interval" seconds of the app.keyhole.Keyhole settings (2 s without them). */
GtkWidget   *kh_server_view_new               (KhSession    *session);

KhSession   *kh_server_view_get_session       (KhServerView *self);
guint        kh_server_view_get_poll_interval (KhServerView *self);
/* Milliseconds; overrides the setting until it changes. */
void         kh_server_view_set_poll_interval (KhServerView *self,
                                               guint         interval_ms);
/* TRUE while the view is shown and its window is not minimised. */
gboolean     kh_server_view_get_polling       (KhServerView *self);
/* INFO replies turned into samples so far. */
guint        kh_server_view_get_n_samples     (KhServerView *self);
KhMetrics   *kh_server_view_get_metrics       (KhServerView *self);

G_END_DECLS
