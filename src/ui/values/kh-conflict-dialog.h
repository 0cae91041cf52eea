/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-conflict-dialog.h: an edit refused because someone else changed the
 * value: both versions side by side, and the choice of which to keep */
#pragma once

#include <adwaita.h>

#include "kh-value-edit.h"

G_BEGIN_DECLS

#define KH_TYPE_CONFLICT_DIALOG (kh_conflict_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KhConflictDialog, kh_conflict_dialog, KH, CONFLICT_DIALOG, AdwWindow)

/* Responses, as the "response" signal's argument */
#define KH_CONFLICT_RESPONSE_CANCEL    "cancel"     /* keep editing */
#define KH_CONFLICT_RESPONSE_THEIRS    "theirs"     /* reload the server's version */
#define KH_CONFLICT_RESPONSE_OVERWRITE "overwrite"  /* write mine over the server's */

/* @overwrite_label: the overwrite button's label; NULL for "Overwrite With Mine".
 * Overwriting is offered only when the server still has a value of the same
 * type to write over. */
KhConflictDialog      *kh_conflict_dialog_new          (GtkWindow             *parent,
                                                        const KhValueConflict *conflict,
                                                        const char            *overwrite_label);
const KhValueConflict *kh_conflict_dialog_get_conflict (KhConflictDialog      *self);
/* The texts shown: the user's version and the server's. */
char                  *kh_conflict_dialog_dup_mine_text   (KhConflictDialog   *self);
char                  *kh_conflict_dialog_dup_theirs_text (KhConflictDialog   *self);
gboolean               kh_conflict_dialog_get_response_enabled (KhConflictDialog *self,
                                                                const char       *response);
/* Answers as the button for @response does: emits "response" once, then
 * closes the dialog. */
void                   kh_conflict_dialog_response     (KhConflictDialog      *self,
                                                        const char            *response);

G_END_DECLS
