/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-unknown-model.h: the keys of a key list whose details are not known */
#pragma once

#include <gio/gio.h>

#include "kh-key-list-model.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_UNKNOWN_MODEL (kh_key_unknown_model_get_type ())
G_DECLARE_FINAL_TYPE (KhKeyUnknownModel, kh_key_unknown_model, KH, KEY_UNKNOWN_MODEL, GObject)

/* @keys: the list, in its order; @known: KhKeyItem whose keys are left out */
KhKeyUnknownModel *kh_key_unknown_model_new     (KhKeyListModel    *keys,
                                                 GListModel        *known);
/* Looks at @known again, after it changed */
void               kh_key_unknown_model_refresh      (KhKeyUnknownModel *self);
/* The row of @key, or G_MAXUINT (not in the list, or known) */
guint              kh_key_unknown_model_get_position (KhKeyUnknownModel *self,
                                                      const char        *key,
                                                      gsize              len);

G_END_DECLS
