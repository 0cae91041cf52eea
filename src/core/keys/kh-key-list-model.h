/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-list-model.h: the flat, optionally filtered, list of keys */
#pragma once

#include <gio/gio.h>

#include "kh-key-index.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_LIST_MODEL (kh_key_list_model_get_type ())
G_DECLARE_FINAL_TYPE (KhKeyListModel, kh_key_list_model, KH, KEY_LIST_MODEL, GObject)

KhKeyListModel  *kh_key_list_model_new             (KhKeyIndex       *index);

KhKeyIndex      *kh_key_list_model_get_index       (KhKeyListModel   *self);
const char      *kh_key_list_model_get_filter      (KhKeyListModel   *self);
KhKeyFilterMode  kh_key_list_model_get_filter_mode (KhKeyListModel   *self);
void             kh_key_list_model_set_filter      (KhKeyListModel   *self,
                                                    const char       *filter,
                                                    KhKeyFilterMode   mode);
guint32          kh_key_list_model_get_key_id      (KhKeyListModel   *self,
                                                    guint             position);

G_END_DECLS
