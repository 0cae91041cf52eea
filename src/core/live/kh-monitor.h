/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-monitor.h: MONITOR on a second connection of a session, as a live,
 * bounded list of parsed lines with counts per command */
#pragma once

#include <gio/gio.h>

#include "kh-monitor-line.h"
#include "kh-session.h"

G_BEGIN_DECLS

/* Lines kept by default; older ones are dropped. */
#define KH_MONITOR_MAX_LINES 10000
/* The client name of the extra connection, as CLIENT LIST shows it. */
#define KH_MONITOR_CLIENT_NAME "keyhole-monitor"

#define KH_TYPE_MONITOR (kh_monitor_get_type ())
G_DECLARE_FINAL_TYPE (KhMonitor, kh_monitor, KH, MONITOR, GObject)

KhMonitor  *kh_monitor_new                (KhSession           *session);
KhSession  *kh_monitor_get_session        (KhMonitor           *self);

/* Opens a second connection with the session's settings (client name
 * "keyhole-monitor") and sends MONITOR on it. It costs the server a
 * connection and some throughput for as long as it runs. */
void        kh_monitor_start_async        (KhMonitor           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    kh_monitor_start_finish       (KhMonitor           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Closes the second connection; a start in progress fails with
 * G_IO_ERROR_CANCELLED. Lines and counts stay until kh_monitor_clear(). */
void        kh_monitor_stop               (KhMonitor           *self);
/* TRUE from the server's OK to MONITOR until stopped or disconnected. */
gboolean    kh_monitor_get_running        (KhMonitor           *self);
/* TRUE while start is in progress or running: the connection exists. */
gboolean    kh_monitor_get_active         (KhMonitor           *self);

/* While paused the connection stays and lines are counted, not listed. */
void        kh_monitor_set_paused         (KhMonitor           *self,
                                           gboolean             paused);
gboolean    kh_monitor_get_paused         (KhMonitor           *self);
/* Lines received while paused. */
guint64     kh_monitor_get_n_dropped      (KhMonitor           *self);
guint64     kh_monitor_get_n_received     (KhMonitor           *self);

/* KhMonitorLine items, oldest first, at most the maximum. */
GListModel *kh_monitor_get_lines          (KhMonitor           *self);
void        kh_monitor_set_max_lines      (KhMonitor           *self,
                                           guint                max_lines);
/* Forgets lines, counts and dropped lines. */
void        kh_monitor_clear              (KhMonitor           *self);

/* Commands seen since started or cleared, by name ("GET", "CONFIG SET"). */
guint64     kh_monitor_get_command_count  (KhMonitor           *self,
                                           const char          *name);
/* The names seen, most frequent first. */
char      **kh_monitor_dup_command_names  (KhMonitor           *self);

G_END_DECLS
