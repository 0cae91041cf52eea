/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-slowlog.h: a server's slow log (SLOWLOG GET and RESET) and its memory
 * and latency doctors, read through a session */
#pragma once

#include <gio/gio.h>

#include "kh-session.h"
#include "kh-slowlog-entry.h"

G_BEGIN_DECLS

typedef enum {
  KH_SLOWLOG_DOCTOR_MEMORY,   /* MEMORY DOCTOR */
  KH_SLOWLOG_DOCTOR_LATENCY,  /* LATENCY DOCTOR */
} KhSlowlogDoctor;

/* SLOWLOG GET @max_entries.
 * Returns: (transfer full) (element-type KhSlowlogEntry): newest first, or
 * NULL with @error set (the server's error, or KH_ERROR_PROTOCOL for a reply
 * of another shape). */
void         kh_slowlog_get_async        (KhSession            *session,
                                          guint                 max_entries,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GPtrArray   *kh_slowlog_get_finish       (KhSession            *session,
                                          GAsyncResult         *result,
                                          GError              **error);

/* SLOWLOG RESET. Fails at once with KH_ERROR_READ_ONLY on a read-only session. */
void         kh_slowlog_reset_async      (KhSession            *session,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean     kh_slowlog_reset_finish     (KhSession            *session,
                                          GAsyncResult         *result,
                                          GError              **error);

/* "MEMORY DOCTOR" or "LATENCY DOCTOR": the command, as a user would type it. */
const char  *kh_slowlog_doctor_get_command (KhSlowlogDoctor     doctor);

/* Asks @doctor. Returns: (transfer full): its report, valid UTF-8 without
 * surrounding white space, or NULL with @error set (servers that lack the
 * command, or hide it behind ACLs, answer with an error). */
void         kh_slowlog_doctor_async     (KhSession            *session,
                                          KhSlowlogDoctor       doctor,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char        *kh_slowlog_doctor_finish    (KhSession            *session,
                                          GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
