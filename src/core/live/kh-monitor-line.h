/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-monitor-line.h: one line of MONITOR output, parsed */
#pragma once

#include <glib-object.h>

#include "kh-command.h"

G_BEGIN_DECLS

#define KH_TYPE_MONITOR_LINE (kh_monitor_line_get_type ())
G_DECLARE_FINAL_TYPE (KhMonitorLine, kh_monitor_line, KH, MONITOR_LINE, GObject)

/* Parses what the server sends for each command it runs:
 *   1700000000.123456 [0 127.0.0.1:5000] "SET" "k" "v"
 * The client part may also be "lua", "unix:/path" or an address with [::1].
 * Fails with KH_ERROR_PROTOCOL when @text does not have that shape. */
KhMonitorLine *kh_monitor_line_parse            (const char     *text,
                                                 gsize           len,
                                                 GError        **error);

/* Microseconds since the Unix epoch, as the server stamped the command. */
gint64         kh_monitor_line_get_time_us      (KhMonitorLine  *self);
guint          kh_monitor_line_get_database     (KhMonitorLine  *self);
/* "127.0.0.1:5000", "lua", "unix:/tmp/redis.sock". */
const char    *kh_monitor_line_get_client       (KhMonitorLine  *self);
/* The command name in upper case ("SET"); "" for an empty command. */
const char    *kh_monitor_line_get_command_name (KhMonitorLine  *self);
/* The command with every argument, bytes as sent. */
const KhCommand *kh_monitor_line_get_command    (KhMonitorLine  *self);
/* The arguments as the server printed them: quoted, escaped, printable. */
const char    *kh_monitor_line_get_args_text    (KhMonitorLine  *self);

/* Whether the line passes @filter: an empty filter, a command name (any
 * case), or a glob (KEYS rules) that one of the arguments after the name
 * matches; a filter without glob characters matches as a substring. */
gboolean       kh_monitor_line_matches          (KhMonitorLine  *self,
                                                 const char     *filter);

G_END_DECLS
