/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-history.h: the console's command history, kept per profile across runs */
#pragma once

#include <gio/gio.h>

#include "kh-command.h"

G_BEGIN_DECLS

/* Entries kept, oldest dropped first. */
#define KH_HISTORY_MAX_ENTRIES 1000

#define KH_TYPE_HISTORY (kh_history_get_type ())
G_DECLARE_FINAL_TYPE (KhHistory, kh_history, KH, HISTORY, GObject)

/* A history stored in @path, one command a line; NULL keeps it in memory only.
 * Nothing is read until kh_history_load_async(). */
KhHistory  *kh_history_new              (const char *path);
/* The history of a profile, in <user data dir>/keyhole/history/<id>.txt. */
KhHistory  *kh_history_new_for_profile  (const char *profile_id);
char       *kh_history_get_default_path (const char *profile_id);
const char *kh_history_get_path         (KhHistory  *self);

/* Reads the file in a worker thread. Entries added meanwhile stay, after the
 * loaded ones. A missing file is an empty history, not an error. */
void        kh_history_load_async       (KhHistory           *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    kh_history_load_finish      (KhHistory           *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* Writes every entry in a worker thread, atomically, readable by the user
 * only. Saves never overlap: the last one requested writes the newest
 * entries. A save asked for before the load finished waits for it. */
void        kh_history_save_async       (KhHistory           *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    kh_history_save_finish      (KhHistory           *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* Adds @command as its newest entry, unless it carries a secret (AUTH,
 * HELLO … AUTH, ACL SETUSER, CONFIG SET requirepass…) or repeats the newest
 * entry. Returns whether it was added. */
gboolean    kh_history_add              (KhHistory       *self,
                                         const KhCommand *command);

guint       kh_history_get_n_entries    (KhHistory *self);
/* Index 0 is the oldest entry. The text reads back with kh_cli_parse_line(). */
const char *kh_history_get_entry        (KhHistory *self,
                                         guint      index);

/* @command on one line, its arguments quoted as needed: printable UTF-8
 * stays as typed, other bytes become \xHH. */
char       *kh_history_format_command   (const KhCommand *command);

G_END_DECLS
