/* kh-value-edit-private.h: the edit task, shared by kh-value-edit.c (tasks,
 * script replies, conflicts) and kh-value-edit-types.c (each type's edits) */
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

G_END_DECLS
