/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kh-bounded-list.h: a list model that keeps the newest items only, for live
 * streams (MONITOR lines, Pub/Sub messages) */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KH_TYPE_BOUNDED_LIST (kh_bounded_list_get_type ())
G_DECLARE_FINAL_TYPE (KhBoundedList, kh_bounded_list, KH, BOUNDED_LIST, GObject)

/* A list of at most @max_items objects of @item_type; appending past that
 * drops the oldest. */
KhBoundedList *kh_bounded_list_new           (GType          item_type,
                                              guint          max_items);
/* Queues @item (a new reference is taken). Appended items show in the model
 * together, a moment later (or at kh_bounded_list_flush()), so a fast stream
 * costs one "items-changed" per batch rather than one per item. */
void           kh_bounded_list_append        (KhBoundedList *self,
                                              gpointer       item);
void           kh_bounded_list_flush         (KhBoundedList *self);
void           kh_bounded_list_clear         (KhBoundedList *self);
guint          kh_bounded_list_get_max_items (KhBoundedList *self);
void           kh_bounded_list_set_max_items (KhBoundedList *self,
                                              guint          max_items);
/* Items dropped to stay within the bound since the list was made or cleared. */
guint64        kh_bounded_list_get_n_evicted (KhBoundedList *self);

G_END_DECLS
