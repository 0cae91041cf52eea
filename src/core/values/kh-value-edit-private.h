/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-edit-private.h: the edit task, shared by kh-value-edit.c (tasks,
 * script replies, conflicts), kh-value-edit-types.c (each type's edits) and
 * kh-value-create.c (new keys) */
#pragma once

#include "kh-value-edit.h"
#include "kh-value-private.h"

G_BEGIN_DECLS

/* The task data of every edit. */
typedef struct {
  GBytes          *key;
  KhValueType      type;
  gboolean         create;
  /* Filled in as far as known before sending; completed from the reply. */
  KhValueConflict *conflict;
  gboolean         has_conflict;
  GBytes          *out_value;
} KhValueEditData;

/* A task for an edit of @key, refused at once (returning NULL) on read-only
 * sessions or without EVAL when @needs_eval. */
GTask           *kh_value_edit_task_new        (KhSession           *session,
                                                GBytes              *key,
                                                KhValueType          type,
                                                gboolean             needs_eval,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data,
                                                gpointer             source_tag);
KhValueEditData *kh_value_edit_data            (GTask               *task);
void             kh_value_edit_return_conflict (GTask               *task,
                                                KhValueConflictKind  kind);
void             kh_value_edit_return_error    (GTask               *task,
                                                GError              *cause);
/* The key is gone: says "key-changed" on the session, then fails with
 * KH_ERROR_NOT_FOUND. */
void             kh_value_edit_return_not_found (GTask              *task);
/* Success: says "key-changed" on the session, then returns TRUE. */
void             kh_value_edit_return_done     (GTask               *task);

/* EVAL @script 1 <key> <type> @args... (transfer none; NULL-terminated,
 * GBytes). The type the key must have goes first. */
void             kh_value_edit_send_script     (GTask               *task,
                                                const char          *script,
                                                GBytes              *first_arg,
                                                ...);
/* Sends @command (transfer full) with the edit's type check done by the
 * caller; for commands the scripts do not cover. */
void             kh_value_edit_send_command    (GTask               *task,
                                                KhCommand           *command);

gboolean         kh_value_edit_reply_is_text   (const KhReply       *reply);
/* A script's or command's result element as bytes: strings as they are,
 * integers as decimal text. */
GBytes          *kh_value_edit_reply_to_bytes  (const KhReply       *reply);
GBytes          *kh_value_edit_bytes           (const char          *text);
GBytes          *kh_value_edit_bytes_ref0      (GBytes              *bytes);

/* Shared by the edits of each type (kh-value-edit-types.c) and new keys
 * (kh-value-create.c). */

/* The shortest text that reads back as @value ("0.1", not
 * "0.10000000000000001"), in the server's syntax for infinities. */
char            *kh_value_edit_format_score    (double               value);
/* Fails and drops @task when a score is NaN. */
gboolean         kh_value_edit_return_if_nan   (GTask               *task,
                                                double               score,
                                                double               other_score);
/* Fails and drops @task when @id (NULL for "*") is not a valid stream entry
 * id, or @fields (GBytes: field, value, ...) are not one or more pairs. */
gboolean         kh_value_edit_return_if_bad_stream_entry (GTask      *task,
                                                           const char *id,
                                                           GPtrArray  *fields);
/* Appends the entry's id ("*" for NULL) and its fields and values. */
void             kh_value_edit_add_stream_args (KhCommand           *command,
                                                const char          *id,
                                                GPtrArray           *fields);

G_END_DECLS
