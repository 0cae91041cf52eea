/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-profile-dialog.h: adding and editing a connection profile */
#pragma once

#include <adwaita.h>

#include "kh-profile-store.h"

G_BEGIN_DECLS

#define KH_TYPE_PROFILE_DIALOG (kh_profile_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KhProfileDialog, kh_profile_dialog, KH, PROFILE_DIALOG, AdwWindow)

/* Edits a copy of @profile: when @store holds a profile with its id, Save
 * replaces that one, otherwise Save adds a new profile, which starts with the
 * preferences' default delimiter and economy mode (always on for Upstash).
 * Either way the store is saved, the password goes to the keyring, and
 * "saved" is emitted; Connect does the same, then emits "connect". */
KhProfileDialog *kh_profile_dialog_new          (KhProfileStore  *store,
                                                 KhProfile       *profile);

/* Fills the form from a URL, as the "Paste URL" row does: FALSE when @text
 * does not parse, the error then shown under the row. */
gboolean         kh_profile_dialog_paste_url    (KhProfileDialog *self,
                                                 const char      *text);
/* Fills the form from a parsed URL, its password included. */
void             kh_profile_dialog_apply_url    (KhProfileDialog *self,
                                                 const KhUrl     *url);

/* The profile as the form stands (not validated); transfer none. */
KhProfile       *kh_profile_dialog_get_profile  (KhProfileDialog *self);
/* The sentence shown by the last Save or Test that failed, or NULL. */
const char      *kh_profile_dialog_get_error    (KhProfileDialog *self);
/* "Valkey 8.0.1 · 0.4 ms" after a successful Test, else NULL. */
const char      *kh_profile_dialog_get_test_result (KhProfileDialog *self);

G_END_DECLS
