/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-key-item.h: one row of the key browser, created on demand by the key models */
#pragma once

#include <glib-object.h>

#include "kh-core-enums.h"

G_BEGIN_DECLS

#define KH_TYPE_KEY_ITEM (kh_key_item_get_type ())
G_DECLARE_FINAL_TYPE (KhKeyItem, kh_key_item, KH, KEY_ITEM, GObject)


/* Whether TYPE/TTL/MEMORY USAGE were fetched for the row */
typedef enum {
  KH_KEY_METADATA_NONE,      /* not asked for yet */
  KH_KEY_METADATA_LOADING,   /* requested */
  KH_KEY_METADATA_LOADED,    /* type, ttl and size are set */
  KH_KEY_METADATA_MISSING,   /* the key no longer exists */
  KH_KEY_METADATA_FAILED,    /* the server refused (ACL, timeout...) */
} KhKeyMetadataState;

#define KH_KEY_TTL_PERSISTENT ((gint64) -1)  /* no expiry */
#define KH_KEY_TTL_MISSING    ((gint64) -2)  /* the key does not exist */


KhKeyItem          *kh_key_item_new                (GBytes             *key,
                                                    const char         *name,
                                                    gboolean            is_namespace,
                                                    guint               n_keys);

GBytes             *kh_key_item_get_key            (KhKeyItem          *self);
const char         *kh_key_item_get_name           (KhKeyItem          *self);
gboolean            kh_key_item_get_is_namespace   (KhKeyItem          *self);
guint               kh_key_item_get_n_keys         (KhKeyItem          *self);
void                kh_key_item_set_n_keys         (KhKeyItem          *self,
                                                    guint               n_keys);

const char         *kh_key_item_get_key_type       (KhKeyItem          *self);
void                kh_key_item_set_key_type       (KhKeyItem          *self,
                                                    const char         *key_type);
gint64              kh_key_item_get_ttl            (KhKeyItem          *self);
void                kh_key_item_set_ttl            (KhKeyItem          *self,
                                                    gint64              ttl_ms);
gint64              kh_key_item_get_size           (KhKeyItem          *self);
void                kh_key_item_set_size           (KhKeyItem          *self,
                                                    gint64              size);
KhKeyMetadataState  kh_key_item_get_metadata_state (KhKeyItem          *self);
void                kh_key_item_set_metadata_state (KhKeyItem          *self,
                                                    KhKeyMetadataState  state);

guint               kh_key_item_get_n_live         (void);

char               *kh_key_escape                  (const char         *key,
                                                    gsize               len);

G_END_DECLS
