/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-console-view.h: a redis-cli style console on a session's connection */
#pragma once

#include <adwaita.h>

#include "kh-session.h"

G_BEGIN_DECLS

/* Entries (a command and its reply) kept in the output; older ones go. */
#define KH_CONSOLE_VIEW_MAX_ENTRIES 5000
/* Replies longer than this are cut in the display, with a note. */
#define KH_CONSOLE_VIEW_MAX_REPLY_BYTES (1024 * 1024)

#define KH_TYPE_CONSOLE_VIEW (kh_console_view_get_type ())

G_DECLARE_FINAL_TYPE (KhConsoleView, kh_console_view, KH, CONSOLE_VIEW, GtkWidget)

/* @profile_id names the history kept across runs; NULL keeps it in memory.
 *
 * Emits "open-view" with "monitor" or "pubsub" when the user types MONITOR,
 * SUBSCRIBE or PSUBSCRIBE, which the console does not run: the tab holding
 * the console should show that view. */
GtkWidget   *kh_console_view_new         (KhSession     *session,
                                          const char    *profile_id);
KhSession   *kh_console_view_get_session (KhConsoleView *self);

/* Runs @line as if typed and entered. */
void         kh_console_view_run         (KhConsoleView *self,
                                          const char    *line);
void         kh_console_view_clear       (KhConsoleView *self);
/* Entries in the output, and commands still waiting for their reply. */
guint        kh_console_view_get_n_entries (KhConsoleView *self);
guint        kh_console_view_get_n_pending (KhConsoleView *self);

G_END_DECLS
