/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-value-row.h: one loaded item of a collection (a hash field, a list
 * element, a set or sorted set member, a stream entry), as a list model item */
#pragma once

#include <glib-object.h>

#include "kh-value-load.h"

G_BEGIN_DECLS

#define KH_TYPE_VALUE_ROW (kh_value_row_get_type ())

G_DECLARE_FINAL_TYPE (KhValueRow, kh_value_row, KH, VALUE_ROW, GObject)

/* @name: the hash field, set or sorted set member, or the stream id as bytes;
 * @value: the hash value or list element; NULL otherwise. */
KhValueRow  *kh_value_row_new            (GBytes             *name,
                                          GBytes             *value);
KhValueRow  *kh_value_row_new_hash       (const KhValueHashEntry   *entry);
KhValueRow  *kh_value_row_new_list       (const KhValueListEntry   *entry);
KhValueRow  *kh_value_row_new_zset       (const KhValueZsetEntry   *entry);
KhValueRow  *kh_value_row_new_stream     (const KhValueStreamEntry *entry);

GBytes      *kh_value_row_get_name       (KhValueRow  *self);
GBytes      *kh_value_row_get_value      (KhValueRow  *self);
void         kh_value_row_set_value      (KhValueRow  *self,
                                          GBytes      *value);
/* The list index or sorted set rank; -1 when none. */
gint64       kh_value_row_get_index      (KhValueRow  *self);
void         kh_value_row_set_index      (KhValueRow  *self,
                                          gint64       index);
double       kh_value_row_get_score      (KhValueRow  *self);
/* The score as the server wrote it ("1.5", "inf"); NULL when none. */
const char  *kh_value_row_get_score_text (KhValueRow  *self);
void         kh_value_row_set_score      (KhValueRow  *self,
                                          double       score,
                                          const char  *score_text);
/* Stream entries: the id, and GBytes field, value, field, value... */
const char  *kh_value_row_get_id         (KhValueRow  *self);
GPtrArray   *kh_value_row_get_fields     (KhValueRow  *self);

G_END_DECLS
