/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-new-key-dialog.h: creates a key of any collection type with its first
 * content, never replacing an existing key unless told to */
#pragma once

#include <adwaita.h>

#include "kh-session.h"
#include "kh-value-header.h"

G_BEGIN_DECLS

#define KH_TYPE_NEW_KEY_DIALOG (kh_new_key_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KhNewKeyDialog, kh_new_key_dialog, KH, NEW_KEY_DIALOG, AdwWindow)

/* Emits "created" (GBytes *key) once the server has the key, then closes. */
KhNewKeyDialog *kh_new_key_dialog_new      (GtkWindow      *parent,
                                            KhSession      *session);
/* Creates and shows the dialog. Returns: (transfer none): the dialog, to
 * connect to "created". */
KhNewKeyDialog *kh_new_key_dialog_present  (GtkWindow      *parent,
                                            KhSession      *session);

/* The form, for callers that prefill it */
void            kh_new_key_dialog_set_key_type (KhNewKeyDialog *self,
                                                KhValueType     type);
KhValueType     kh_new_key_dialog_get_key_type (KhNewKeyDialog *self);
/* The key name as typed: \xHH and \\ escapes allowed */
void            kh_new_key_dialog_set_name     (KhNewKeyDialog *self,
                                                const char     *name);
/* Sets the first content: the value (string), element (list), member (set,
 * sorted set) or value of @field (hash, stream); @field is ignored by the
 * other types, and @score by all but sorted sets. */
void            kh_new_key_dialog_set_content  (KhNewKeyDialog *self,
                                                const char     *field,
                                                const char     *value,
                                                double          score);
/* @ttl_seconds <= 0: no expiry */
void            kh_new_key_dialog_set_ttl      (KhNewKeyDialog *self,
                                                gint64          ttl_seconds);
void            kh_new_key_dialog_set_replace  (KhNewKeyDialog *self,
                                                gboolean        replace);
/* Starts creating, as the Create button does. */
void            kh_new_key_dialog_create       (KhNewKeyDialog *self);
/* TRUE while the server has not answered. */
gboolean        kh_new_key_dialog_get_busy     (KhNewKeyDialog *self);
/* Why the last attempt failed, or NULL. */
const char     *kh_new_key_dialog_get_error    (KhNewKeyDialog *self);

G_END_DECLS
