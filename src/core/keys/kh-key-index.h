/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-index.h: a compact, deduplicated, naturally sorted set of key names */
#pragma once

#include <gio/gio.h>

#include "kh-core-enums.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_INDEX (kh_key_index_get_type ())
G_DECLARE_FINAL_TYPE (KhKeyIndex, kh_key_index, KH, KEY_INDEX, GObject)

#define KH_TYPE_KEY_CHILDREN (kh_key_children_get_type ())

/* Returned instead of an id when a key is not in the index */
#define KH_KEY_ID_INVALID G_MAXUINT32

typedef enum {
  KH_KEY_FILTER_SUBSTRING,
  KH_KEY_FILTER_GLOB,
} KhKeyFilterMode;

/* One key to add: bytes, not necessarily UTF-8 or NUL-terminated */
typedef struct {
  const char *data;
  gsize       len;
} KhKeyRef;

/* The children of a namespace, computed from the sorted order */
typedef struct _KhKeyChildren KhKeyChildren;

typedef struct {
  guint32  key_id;        /* a leaf's key; for a namespace, its first key */
  gboolean is_namespace;
  guint    n_keys;        /* keys under a namespace, recursively; 1 for a leaf */
  gsize    name_offset;   /* the child's name is key[name_offset, name_offset + name_len) */
  gsize    name_len;
} KhKeyChild;


KhKeyIndex    *kh_key_index_new                 (void);

char           kh_key_index_get_delimiter       (KhKeyIndex      *self);
void           kh_key_index_set_delimiter       (KhKeyIndex      *self,
                                                 char             delimiter);

void           kh_key_index_reserve             (KhKeyIndex      *self,
                                                 gsize            n_more);
gboolean       kh_key_index_add                 (KhKeyIndex      *self,
                                                 const char      *key,
                                                 gsize            len);
guint          kh_key_index_add_batch           (KhKeyIndex      *self,
                                                 const KhKeyRef  *keys,
                                                 gsize            n_keys);
gboolean       kh_key_index_remove              (KhKeyIndex      *self,
                                                 const char      *key,
                                                 gsize            len);
guint          kh_key_index_remove_batch        (KhKeyIndex      *self,
                                                 const KhKeyRef  *keys,
                                                 gsize            n_keys);
void           kh_key_index_clear               (KhKeyIndex      *self);
void           kh_key_index_compact             (KhKeyIndex      *self);

guint          kh_key_index_get_n_keys          (KhKeyIndex      *self);
guint          kh_key_index_get_n_ids           (KhKeyIndex      *self);
guint64        kh_key_index_get_total_key_bytes (KhKeyIndex      *self);
gsize          kh_key_index_get_memory_usage    (KhKeyIndex      *self);
guint64        kh_key_index_get_version         (KhKeyIndex      *self);
guint64        kh_key_index_get_generation      (KhKeyIndex      *self);

guint32        kh_key_index_lookup              (KhKeyIndex      *self,
                                                 const char      *key,
                                                 gsize            len);
gboolean       kh_key_index_contains            (KhKeyIndex      *self,
                                                 const char      *key,
                                                 gsize            len);
const char    *kh_key_index_get_key             (KhKeyIndex      *self,
                                                 guint32          id,
                                                 gsize           *len);
GBytes        *kh_key_index_dup_key             (KhKeyIndex      *self,
                                                 guint32          id);
gboolean       kh_key_index_is_removed          (KhKeyIndex      *self,
                                                 guint32          id);

const guint32 *kh_key_index_get_sorted          (KhKeyIndex      *self,
                                                 guint           *n_ids);
guint          kh_key_index_find_prefix         (KhKeyIndex      *self,
                                                 const char      *prefix,
                                                 gsize            prefix_len,
                                                 guint           *end);

GArray        *kh_key_index_filter              (KhKeyIndex      *self,
                                                 const char      *pattern,
                                                 gsize            pattern_len,
                                                 KhKeyFilterMode  mode,
                                                 GCancellable    *cancellable,
                                                 GError         **error);

KhKeyChildren *kh_key_index_get_children        (KhKeyIndex      *self,
                                                 const char      *prefix,
                                                 gsize            prefix_len,
                                                 char             delimiter);

guint64        kh_key_index_get_n_revived       (KhKeyIndex      *self);
void           kh_key_index_sort_ids            (KhKeyIndex      *self,
                                                 guint32         *ids,
                                                 gsize            n_ids);

/* Orders two ids for kh_key_index_diff(); NULL means key order */
typedef int  (*KhKeyIdCompareFunc)              (KhKeyIndex      *index,
                                                 guint32          a,
                                                 guint32          b,
                                                 gpointer         user_data);
/* One change: at @position, @removed old items give way to @added new ones;
 * the first @new_done new items and all old items from @old_done on now make
 * up the list */
typedef void (*KhKeyDiffFunc)                   (guint            position,
                                                 guint            removed,
                                                 guint            added,
                                                 guint            old_done,
                                                 guint            new_done,
                                                 gpointer         user_data);
void           kh_key_index_diff                (KhKeyIndex      *self,
                                                 const guint32   *old_ids,
                                                 guint            n_old,
                                                 const guint32   *new_ids,
                                                 guint            n_new,
                                                 KhKeyIdCompareFunc compare,
                                                 KhKeyDiffFunc    emit,
                                                 gpointer         user_data);

gboolean       kh_key_filter_match              (const char      *pattern,
                                                 gsize            pattern_len,
                                                 KhKeyFilterMode  mode,
                                                 const char      *key,
                                                 gsize            len);

int            kh_key_compare                   (const char      *a,
                                                 gsize            a_len,
                                                 const char      *b,
                                                 gsize            b_len,
                                                 char             delimiter);

GType          kh_key_children_get_type         (void) G_GNUC_CONST;
KhKeyChildren *kh_key_children_ref              (KhKeyChildren   *children);
void           kh_key_children_unref            (KhKeyChildren   *children);
guint          kh_key_children_get_n_children   (KhKeyChildren   *children);
guint          kh_key_children_get_n_keys       (KhKeyChildren   *children);
gboolean       kh_key_children_get_child        (KhKeyChildren   *children,
                                                 guint            position,
                                                 KhKeyChild      *child);
gboolean       kh_key_children_get_ids          (KhKeyChildren   *children,
                                                 guint            position,
                                                 guint            n_ids,
                                                 guint32         *ids);
gboolean       kh_key_children_find_namespace   (KhKeyChildren   *children,
                                                 const char      *name,
                                                 gsize            name_len,
                                                 KhKeyChild      *child);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KhKeyChildren, kh_key_children_unref)

G_END_DECLS
