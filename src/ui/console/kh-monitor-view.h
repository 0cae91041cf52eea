/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-monitor-view.h: MONITOR as a live list, on a second connection while running */
#pragma once

#include <adwaita.h>

#include "kh-monitor.h"
#include "kh-session.h"

G_BEGIN_DECLS

#define KH_TYPE_MONITOR_VIEW (kh_monitor_view_get_type ())

G_DECLARE_FINAL_TYPE (KhMonitorView, kh_monitor_view, KH, MONITOR_VIEW, GtkWidget)

/* Nothing runs until the user presses Start; hiding the view stops it.
 * @profile_id is accepted for symmetry with the other views and unused. */
GtkWidget   *kh_monitor_view_new         (KhSession     *session,
                                          const char    *profile_id);
KhMonitor   *kh_monitor_view_get_monitor (KhMonitorView *self);
void         kh_monitor_view_start       (KhMonitorView *self);
void         kh_monitor_view_stop        (KhMonitorView *self);
/* The lines shown: the monitor's, through the filter. */
GListModel  *kh_monitor_view_get_model   (KhMonitorView *self);

G_END_DECLS
