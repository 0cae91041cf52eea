/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-tree-model.h: the children of one namespace, for GtkTreeListModel */
#pragma once

#include <gio/gio.h>

#include "kh-key-index.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_TREE_MODEL (kh_key_tree_model_get_type ())
G_DECLARE_FINAL_TYPE (KhKeyTreeModel, kh_key_tree_model, KH, KEY_TREE_MODEL, GObject)

KhKeyTreeModel *kh_key_tree_model_new        (KhKeyIndex     *index,
                                              const char     *prefix,
                                              gsize           prefix_len);

KhKeyIndex     *kh_key_tree_model_get_index  (KhKeyTreeModel *self);
GBytes         *kh_key_tree_model_get_prefix (KhKeyTreeModel *self);
guint           kh_key_tree_model_get_n_keys (KhKeyTreeModel *self);

G_END_DECLS
